using System.Globalization;
using AnomalyPlatform.Cli.Reports;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// What <c>analyze</c> says about its input before analysing it: what it read, over what time, what it left out and
/// why. Each fact is said twice, on the console and, for <c>report.html</c>'s reader, who sees no console, as a
/// sentence of the report; one list holds both (<see cref="Facts"/>), so a fact's condition is written once.
/// </summary>
internal static class InputReport
{
    public static void Print(IAnsiConsole console, TelemetryInput input)
    {
        var kinds = string.Join(", ", input.Kinds.Where(k => k.Value > 0).Select(k => $"{k.Value:N0} {TelemetryInputReader.NameOf(k.Key)}"));
        console.MarkupLineInterpolated($"Read {input.Records.Count:N0} records{(kinds.Length > 0 ? ": " + kinds : "")}");
        if (input.TimeRange is { } range)
        {
            // Said every time: a wrong clock or a file from another day shows here before it shows in the results.
            console.MarkupLineInterpolated($"Time range read: [bold]{Time(range.First)} to {Time(range.Last)}[/] ({TimeSpanText.Of(range.Last - range.First)})");
        }

        foreach (var fact in Facts(input))
        {
            fact.Print(console);
        }
    }

    /// <summary>
    /// What <see cref="Print"/> says about the data, a sentence each, for <c>report.html</c>'s reader: what is missing,
    /// lost, left out or read otherwise than it was written.
    /// </summary>
    public static List<string> Notes(TelemetryInput input) => [.. Facts(input).Select(static f => f.Note).OfType<string>()];

    /// <summary>Each kind of record sent twice and read once (<see cref="RepeatedRecords"/>): how many, what a copy is, and why it is read once.</summary>
    private static (long Count, string Copies, string Why)[] RepeatedCopies(RepeatedRecords.Outcome repeated) =>
    [
        (repeated.Spans, "span(s) sent twice (the same trace and span id, service, operation, start and duration)",
            "an exporter retrying a batch sends it again, and counted twice a request would call twice."),
        (repeated.Readings, "metric reading(s) sent twice (the same series, instant and value)",
            "a retried remote write or a pair of scrapers run for high availability sends a reading again, and a series has one value at an instant."),
        (repeated.Lines, "log line(s) of requests sent twice (alike in every field, at the same instant)",
            "a log shipper retrying a batch sends its lines again, and counted twice every line of them would surge."),
        (repeated.Events, "event(s) sent twice (alike in every field, at the same instant)",
            "event delivery is at least once, and a copy is no second change."),
    ];

    /// <summary>The pods whose lines <see cref="LogRequestsByTime"/> left unjoined for a reason, where it left any: which, how the lines lay and why that leaves them.</summary>
    private static IEnumerable<(IReadOnlyList<string> Pods, string How, string Why)> UnjoinedPods(LogRequestsByTime.Outcome outcome) =>
        new (IReadOnlyList<string> Pods, string How, string Why)[]
        {
            (outcome.Crowded, "were written, most of them, while the pod served several requests at once", "which request wrote each cannot be told from its time"),
            (outcome.ClocksApart, "lie in their pod's spans no more often than their times would by chance, as stamped or moved by a time zone's offset",
                "their times say nothing of which request wrote them"),
        }.Where(static u => u.Pods.Count > 0);

    /// <summary>One thing said about the input: its console lines, and its sentence in the report where it has one.</summary>
    private sealed record InputFact(Action<IAnsiConsole> Print, string? Note = null);

    /// <summary>The facts that hold for <paramref name="input"/>, in the order the console says them.</summary>
    private static IEnumerable<InputFact> Facts(TelemetryInput input)
    {
        if (input.TimeRange is { Far: > 0 } range)
        {
            yield return new(
                console => PrintFarRecords(console, range),
                Invariant($"{range.Far:N0} record(s) far outside the time of the rest were left out of the analysis."));
        }

        if (input.ZeroIds > 0)
        {
            var text = Invariant($"{input.ZeroIds:N0} record(s) carried a trace or span id of all zeros, read as none");
            yield return new(
                console => console.MarkupLineInterpolated($"{text}: the all-zero id is W3C Trace Context's invalid one, written where a line has no span around it, and read as an id every such line would be one request."),
                $"{text}.");
        }

        foreach (var (count, copies, why) in RepeatedCopies(input.Repeated))
        {
            if (count > 0)
            {
                var text = Invariant($"{count:N0} {copies} were read once");
                yield return new(console => console.MarkupLineInterpolated($"{text}: {why}"), $"{text}.");
            }
        }

        if (input.ReadTwice is { Records: > 0 } twice)
        {
            var files = Listed([.. twice.Files.Select(static f => $"'{Path.GetFileName(f)}'")]);
            var text = Invariant($"{twice.Records:N0} record(s) held by more than one of the files {files}, which overlap in time, were read once");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{text}[/]: alike in every field but their ids, they are the same records exported twice, and counted twice they would double every rate in those hours."),
                $"{text}.");
        }

        if (input.Missing.Count > 0)
        {
            var missing = string.Join(", no ", input.Missing);
            yield return new(
                console => console.MarkupLineInterpolated($"[yellow]The input has no {missing}[/]: the models that read them have nothing to go on."),
                $"The input has no {missing}: the models that read them had nothing to go on.");
        }

        var spans = input.Kinds.GetValueOrDefault(TelemetryKind.Span);
        if (spans == 0 && input.LogsWithTrace > 0)
        {
            var traced = Invariant($"{input.LogsWithTrace:N0} log lines carry a trace id");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{traced}: with no spans, the calls between services are read from each request's lines (a service's first line in a request follows its caller's), a call seen in two requests or more."),
                $"{traced}: with no spans, the calls between services were read from each request's lines.");
        }

        var lostElsewhere = input.LostParents - input.LostParentsAtEntries;
        if (lostElsewhere > 0 && spans > 0)
        {
            var lost = Invariant($"{lostElsewhere:N0} of {spans:N0} spans ({(double)lostElsewhere / spans:P1}) name a parent span the input does not hold");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{lost}[/]: the caller's service is not in the input or lost its spans; the detector flags such spans as missing_span."),
                $"{lost}: flagged as missing_span.");
        }

        if (input.LostParentsAtEntries > 0)
        {
            var entries = Invariant(
                $"{input.LostParentsAtEntries:N0} spans name a parent span the input does not hold at operations where nearly all spans do, over {TraceEntries.Minutes} minutes or more");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{entries}: there traces enter the input (an uninstrumented proxy or client began them), and those spans are read as roots, not lost."),
                $"{entries}: read as where traces enter the input (an uninstrumented proxy or client began them), not as lost spans.");
        }

        if (input.LogsOfUntracedRequests > 0 && spans > 0)
        {
            var untraced = Invariant(
                $"{input.LogsOfUntracedRequests:N0} of {input.LogsWithTrace:N0} log lines with a trace id ({(double)input.LogsOfUntracedRequests / input.LogsWithTrace:P1}) name a trace the input holds no span of");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{untraced}[/]: the traces look sampled or not all exported. The time those requests took between services is read from their log lines, their paths are not; network delays are found less often (README, \"Your own telemetry\")."),
                $"{untraced}: the traces look sampled or not all exported, and network delays are found less often.");
        }

        if (input.Kinds.GetValueOrDefault(TelemetryKind.Event) > 0)
        {
            var events = Invariant($"Events read: {EventCounts(input.Records)}");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{events}. Deploys, configuration changes, scaling and restarts are the changes the ranking looks for before an incident; the others are counted as events."),
                $"{events}.");
        }

        if (input.LogClocks is { Pods: > 0 } logClocks)
        {
            var text = Invariant(
                $"The log lines of {logClocks.Pods:N0} pod(s) lay, most of them, outside the spans they name, and were moved by {Milliseconds(logClocks.MedianShift)} at the median, {Milliseconds(logClocks.LargestShift)} at most, to lie within them");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{text}[/]: a line is written while its span runs. Times written without a zone are read as UTC: where the logs were written in local time, write them with their offset."),
                $"{text}.");
        }

        if (input.DurationUnits is { InSeconds: true } units)
        {
            var text = Invariant(
                $"Span durations were read as seconds: read as milliseconds, {units.AfterCallerAsRead:N0} of {units.Calls:N0} calls begun later than their caller would begin after it ended, read as seconds {units.AfterCallerInSeconds:N0}");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{text}[/]. The MELT CSV holds a span's duration in milliseconds: each was multiplied by 1,000."),
                $"{text}.");
        }

        if (input.EndStamps is { AtEnd: true } endStamps)
        {
            var text = Invariant(
                $"Spans were read as stamped at their end: so {endStamps.BrokenAtEnd:N0} of {endStamps.Calls:N0} calls began before the span that made them or ended after it, against {endStamps.BrokenAsRead:N0} read as stamped at their start");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{text}[/]. The MELT CSV stamps a span at its start (its duration in the value column): each span is read as begun its duration before its stamp."),
                $"{text}.");
        }

        if (input.Clocks is { Early: > 0 } clocks)
        {
            var early = Invariant(
                $"{clocks.Early:N0} of {clocks.Calls:N0} calls from one pod or host to another ({(double)clocks.Early / clocks.Calls:P1}) began before the span that made them, by {Milliseconds(clocks.MedianLead)} at the median");
            var moved = clocks.Moved == 0
                ? "no clock could be set from them"
                : Invariant(
                    $"the spans and log lines of {clocks.Moved:N0} pod(s) or host(s) were moved by {Milliseconds(clocks.MedianShift)} at the median, {Milliseconds(clocks.LargestShift)} at most, to agree with the calls between them; {clocks.EarlyAfter:N0} then began before their caller, by {Milliseconds(clocks.MedianLeadAfter)} at the median");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{early}[/]: the hosts' clocks disagree, and {moved}. The ranking reads which service's anomalies began first to the second; keep the hosts on NTP or Amazon Time Sync."),
                $"{early}: the hosts' clocks disagree, and {moved}.");
        }

        foreach (var shared in input.SharedServiceNames)
        {
            var read = Invariant($"Records under '{shared.Name}' on {shared.Pods:N0} pods, whose other records name {shared.Services:N0} services,");
            var byName = shared.ByPodName > 0 ? Invariant($", and {shared.ByPodName:N0} pod(s) carrying no other name under the Deployment their pod name says") : "";
            var left = (shared.Left > 0 ? Invariant($" ({shared.Left:N0} pod(s) with two processes' records left under it)") : "") + byName;
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{read} are read under each pod's service{left}. A name many services share is an SDK's default (unknown_service: set OTEL_SERVICE_NAME) or a scrape job's (label the metrics by service)."),
                $"{read} were read under each pod's service{left}.");
        }

        if (input.ServiceAliases.Count > 0)
        {
            var aliases = Invariant($"{input.ServiceAliases.Count:N0} service name(s) used only by metrics or events");
            yield return new(
                console => console.MarkupLineInterpolated($"{aliases} are read as the name their pods are traced under ({AliasList(input)})."),
                $"{aliases} were read as the name their pods are traced under ({AliasList(input)}).");
        }

        if (input.InstanceAliases.Aliases.Count > 0)
        {
            var renamed = Invariant($"{input.InstanceAliases.Aliases.Count:N0} pod name(s) used only by some kinds of record");
            var list = Listed([.. input.InstanceAliases.Aliases.Select(static a => $"'{a.Alias}' as '{a.Instance}'")]);
            yield return new(
                console => console.MarkupLineInterpolated($"{renamed} are read as the same pod's name in the others ({list})."),
                $"{renamed} were read as the same pod's name in the others ({list}).");
        }

        if (input.InstanceAliases.Unmatched.Count > 0)
        {
            var left = Invariant($"{input.InstanceAliases.Unmatched.Sum(static u => u.Names):N0} pod name(s) of {input.InstanceAliases.Unmatched.Count:N0} service(s)");
            var services = NameList([.. input.InstanceAliases.Unmatched.Select(static u => u.Service)]);
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{left}[/] ({services}) are named one way by some kinds of record and another by others, and could not be told apart by when they ran or by what they did: their evidence stays apart. Name each pod alike in every kind of record (Prometheus: the pod label; OpenTelemetry: k8s.pod.name) to join them."),
                $"{left} ({services}) are named one way by some kinds of record and another by others, and could not be told apart by when they ran or what they did; their evidence stays apart.");
        }

        if (input.SpanExceptions.Read > 0)
        {
            var read = Invariant($"Exceptions recorded on spans: {input.SpanExceptions.Read:N0} read as ERROR log lines of their spans");
            var services = NameList(input.SpanExceptions.Services);
            yield return new(
                console => console.MarkupLineInterpolated($"{read}, for the services the input holds no log line of ({services})."),
                $"{read}, for the services without log lines of their own ({services}).");
        }

        if (input.SpanExceptions.LeftToLogs > 0)
        {
            var left = Invariant($"Exceptions recorded on spans: {input.SpanExceptions.LeftToLogs:N0} left to their services' own log lines");
            var services = NameList(input.SpanExceptions.LoggedServices);
            yield return new(
                console => console.MarkupLineInterpolated($"{left}, which the input holds and which tell of them ({services})."),
                $"{left} ({services}).");
        }

        if (input.Rejects.UnknownStatuses is { Count: > 0 } statuses)
        {
            var count = Invariant($"{statuses.Count:N0} span(s) with a status not understood");
            var values = ValueList(statuses);
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{count}[/] ({values}) were read as OK. A status is read as ERROR or OK from the schema's words, OTLP's (STATUS_CODE_ERROR, or 2) and HTTP codes (5xx failed); write one of those so that failed requests count."),
                $"{count} ({values}) were read as OK.");
        }

        if (input.Rejects.UnknownLevels is { Count: > 0 } levels)
        {
            var count = Invariant($"{levels.Count:N0} log line(s) with a level not understood");
            var values = ValueList(levels);
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{count}[/] ({values}) were read at the level their text states, else as INFO. Levels are read from the usual words (ERROR, WARNING, FATAL, DEBUG, ...) and glog's letters (E, W, I)."),
                $"{count} ({values}) were read at the level their text states, else as INFO.");
        }

        if (input.Rejects.LevelsFromText > 0)
        {
            var count = Invariant($"{input.Rejects.LevelsFromText:N0}");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{count} log lines without a level of their own are read at the level their text states (a level field, or a level word in capitals near the line's start); lines that state none are read as INFO."),
                $"{count} log lines had no level of their own: read at the level their text states.");
        }

        if (input.Rejects.MetricLogEvents > 0)
        {
            var count = Invariant($"{input.Rejects.MetricLogEvents:N0}");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{count} log events carry metrics (CloudWatch's embedded metric format, Container Insights' containers): each metric in them is read as a reading of the service and instance it names."),
                $"{count} log events carried metrics: read as readings.");
        }

        if (input.Rejects.AggregateLogEvents > 0)
        {
            var count = Invariant($"{input.Rejects.AggregateLogEvents:N0}");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{count} Container Insights events of a task, service, pod, node or cluster are left out: they sum the containers' events, which are read."),
                $"{count} Container Insights events of tasks, services, pods, nodes or clusters were left out (their containers' are read).");
        }

        if (input.Rejects.AggregateSeries > 0)
        {
            var count = Invariant($"{input.Rejects.AggregateSeries:N0}");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{count} Prometheus series of a pod's total or its pause container (container \"\" or \"POD\") are left out: the pod's containers' series are read."),
                $"{count} Prometheus series of pods' totals or pause containers were left out (their containers' are read).");
        }

        if (input.RequestIds.TraceIdsFromText > 0)
        {
            var count = Invariant($"{input.RequestIds.TraceIdsFromText:N0}");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{count} log lines without a trace id name one of the input's traces in their text: each is joined to that request (and to the span its text names, if it names one)."),
                $"{count} log lines had their trace id only in their text: joined to that request.");
        }

        if (input.RequestIds.WithoutSpan > 0)
        {
            var count = Invariant($"{input.RequestIds.WithoutSpan:N0}");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{count} log lines name a trace but no span: each is taken as written in its service's span of that trace (the one begun last before the line)."),
                $"{count} log lines named a trace but no span: taken as written in their service's span of that trace.");
        }

        if (input.RequestsByTime is { Joined: > 0 } byTime)
        {
            var text = Invariant(
                $"{byTime.Joined:N0} log lines of {byTime.Services:N0} service(s) that name no request in their lines were joined to the request their pod was serving when each was written ({(double)byTime.AmongSeveral / byTime.Joined:P1} while it served several: the one begun last)");
            var none = byTime.NoRequest > 0 ? Invariant($"; {byTime.NoRequest:N0} written while their pod served none were left as they are") : "";
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{text}{none}. Which lines a request wrote is how code-level faults show; a log pattern with the trace and span id (OpenTelemetry's log correlation, Spring's or Logback's MDC) joins every line to its own."),
                $"{text}{none}.");
        }

        if (input.RequestsByTime.Moved is { Count: > 0 } linesMoved)
        {
            var shifts = string.Join(", ", linesMoved.Select(static m => m.Moved).Distinct().Order().Select(static m => Invariant($"{(m < TimeSpan.Zero ? "-" : "+")}{m.Duration():h\\:mm}")));
            var text = Invariant(
                $"The log lines of {linesMoved.Count:N0} pod(s) that name no request lay, most of them, outside every span of their pod, and within them once moved by {shifts} (h:mm)");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{text}[/]: written in local time and read as UTC, they were moved so. Write the logs' times with their offset."),
                $"{text}: read as local time and moved so.");
        }

        if (input.RequestsByTime.TooCoarse > 0)
        {
            var text = Invariant($"{input.RequestsByTime.TooCoarse:N0} log lines name no request, and the lines are stamped to the whole second");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{text}: too coarse to tell which of a second's requests wrote each, so they are not joined to requests. Stamp them to the millisecond, or write the trace and span id into them."),
                $"{text}: not joined to requests.");
        }

        foreach (var (pods, how, why) in UnjoinedPods(input.RequestsByTime))
        {
            var text = Invariant(
                $"The log lines of {pods.Count:N0} pod(s) that name no request {how} ({string.Join(", ", pods.Take(3))}{(pods.Count > 3 ? ", ..." : "")})");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"[yellow]{text}[/]: {why}, so they are not joined to requests. Write the trace and span id into the lines to join them."),
                $"{text}: not joined to requests.");
        }

        if (input.IdsDiscarded)
        {
            yield return new(console => console.MarkupLine("Record ids were not unique and ascending in time order, so the records are numbered 0, 1, 2, ... in time order."));
        }

        foreach (var path in input.Rejects.EmptyFiles)
        {
            yield return new(
                console => console.MarkupLineInterpolated($"[yellow]{path} is empty[/]: nothing read from it (a Collector's file exporter leaves such a file for a signal it received none of)."),
                $"{Path.GetFileName(path)} was empty: nothing read from it.");
        }

        foreach (var (path, columns) in input.Rejects.IgnoredColumns)
        {
            yield return new(console => console.MarkupLineInterpolated(
                $"[yellow]{path}: {(columns.Count == 1 ? "a column" : $"{columns.Count} columns")} not in the MELT schema, not read[/] ({string.Join(", ", columns.Select(static c => $"'{c}'"))}); check the spelling if one should have been: {MeltCsvColumns.Schema}"));
        }

        if (input.Rejects.CumulativeBases > 0)
        {
            yield return new(console => console.MarkupLineInterpolated(
                $"{input.Rejects.CumulativeBases:N0} cumulative series (OTLP sums, histograms, summaries): the first point of each is the base its increases are measured from, not a reading of its own."));
        }

        if (input.Counters.Counters > 0)
        {
            var counters = Invariant($"{input.Counters.Counters:N0} metric series read as counters (a name ending in _total, _count, _sum or _bucket");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{counters}, and falling only to start again): each reading is taken as the increase since the one before, the first as the base."),
                $"{counters}): their increases between readings were analysed.");
        }

        if (input.StackTraces is { Lines: > 0 } stacks)
        {
            var text = Invariant(
                $"{stacks.Lines:N0} log line(s) of stack traces sent a line at a time ('\\tat ...', 'Caused by: ...', '... 42 more') were read as part of the {stacks.Traces:N0} line(s) that logged them");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{text}: a log shipper without a multiline rule sends each as a line of its own, and each failure would read as a surge of new lines. Set the shipper's multiline rule (Fluent Bit's multiline.parser java, awslogs-multiline-pattern) to keep them together."),
                $"{text}.");
        }

        if (input.Histograms is { Families: > 0 } histograms)
        {
            var text = Invariant(
                $"{histograms.Families:N0} histogram(s) or summaries read as their count and mean per interval (as '{histograms.Example}'), as OTLP's are; their {histograms.Buckets:N0} bucket series were left out");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{text}: each bucket's increase rises and falls with the traffic, a dozen series a histogram that say less than its mean."),
                $"{text}.");
        }

        if (input.MinuteReadings is { Series: > 0 } fast)
        {
            var text = Invariant(
                $"{fast.Series:N0} metric series read more often than once a minute (as '{fast.Example}') were read once a minute, each minute's last reading (increases: their sum), as a 60 s query step reads them: {fast.Readings:N0} readings, {fast.Minutes:N0} kept");
            yield return new(
                console => console.MarkupLineInterpolated(
                    $"{text}. The detectors judge a metric minute by minute; read four times a minute (a scrape every 15 s, or a pair of Prometheus servers writing each series twice), its noise would be judged reading by reading."),
                $"{text}.");
        }

        if (input.Counters.GaugeCount > 0)
        {
            yield return new(console => console.MarkupLineInterpolated(
                $"[yellow]{input.Counters.GaugeCount:N0} metric series named as counters fall without starting again, so are read as they are[/] ({string.Join(", ", input.Counters.Gauges.Select(static g => $"'{g}'"))}{(input.Counters.GaugeCount > input.Counters.Gauges.Count ? ", ..." : "")})."));
        }

        if (input.Rejects.Valueless.Count > 0)
        {
            yield return new(
                console => PrintValueless(console, input.Rejects.Valueless),
                Invariant($"{input.Rejects.Valueless.Count:N0} metric reading(s) without a value were read as gaps in their series."));
        }

        var rejects = input.Rejects;
        if (rejects.Count > 0)
        {
            var count = Invariant($"{(rejects.CountIsFloor ? "At least " : "")}{rejects.Count:N0} record(s) could not be read and were left out");
            yield return new(
                console =>
                {
                    console.MarkupLineInterpolated(
                        $"[yellow]{count}[/]{(rejects.AllNamed ? ":" : rejects.NamesLargeLosses ? "; the first, and every loss of more than one record:" : "; the first:")}");
                    foreach (var reason in rejects.Reasons)
                    {
                        console.MarkupLineInterpolated($"  {reason}");
                    }
                },
                $"{count} (the console output of analyze names them).");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A clock's offset in whole milliseconds.</summary>
    private static string Milliseconds(TimeSpan time) => Invariant($"{time.TotalMilliseconds:N0} ms");

    /// <summary>How many aliases or services are named; the rest are counted.</summary>
    private const int AliasesNamed = 5;

    private static string AliasList(TelemetryInput input) =>
        Listed([.. input.ServiceAliases.Select(static a => $"'{a.Alias}' as '{a.Service}'")]);

    private static string NameList(IReadOnlyList<string> names) => Listed([.. names.Select(static name => $"'{name}'")]);

    /// <summary>The values written with their counts, the rest summed, and where the first was.</summary>
    private static string ValueList(UnknownValues values) =>
        string.Join(", ", values.ByValue.Select(static v => Invariant($"'{v.Value}' ({v.Count:N0})")))
        + (values.OtherValues > 0 ? Invariant($" and {values.OtherValues:N0} of other values") : "")
        + $"; the first at {values.First}";

    /// <summary>The first few items, and how many more there are.</summary>
    private static string Listed(IReadOnlyList<string> items)
    {
        var named = string.Join(", ", items.Take(AliasesNamed));
        return items.Count > AliasesNamed ? Invariant($"{named} and {items.Count - AliasesNamed:N0} more") : named;
    }

    /// <summary>How many metrics are named with their counts; the rest are summed up.</summary>
    private const int ValuelessMetricsNamed = 5;

    private static void PrintValueless(IAnsiConsole console, ValuelessReadings valueless)
    {
        var metrics = valueless.ByMetric;
        var named = string.Join(", ", metrics.Take(ValuelessMetricsNamed).Select(static m => $"{m.Metric} {m.Count:N0}"));
        var more = metrics.Count > ValuelessMetricsNamed ? $" and {metrics.Count - ValuelessMetricsNamed:N0} more metrics" : "";
        console.MarkupLineInterpolated(
            $"{valueless.Count:N0} metric reading(s) without a value (empty, NaN, null or the like, or flagged so: a percentile of a minute without requests, a series no longer reported) read as gaps in their series: {named}{more} (the first: {valueless.First}).");
    }

    /// <summary>The events' names with how many of each, the most first (the changes among them marked), at most eight named.</summary>
    private static string EventCounts(IReadOnlyList<TelemetryRecord> records)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Kind == TelemetryKind.Event)
            {
                counts[record.Name] = counts.GetValueOrDefault(record.Name) + 1;
            }
        }

        var named = counts.OrderByDescending(static c => c.Value).ThenBy(static c => c.Key, StringComparer.Ordinal).ToList();
        var listed = string.Join(", ", named.Take(8).Select(static c => Invariant($"{c.Value:N0} {c.Key}{(EventTypes.Changes.Contains(c.Key) ? " (a change)" : "")}")));
        return named.Count > 8 ? Invariant($"{listed} and {named.Skip(8).Sum(static c => c.Value):N0} of {named.Count - 8:N0} other kinds") : listed;
    }

    private static void PrintFarRecords(IAnsiConsole console, InputTimeRange range)
    {
        console.MarkupLineInterpolated(
            $"[yellow]{range.Far:N0} record(s) lie far outside the time of the rest ({Time(range.BulkFrom)} to {Time(range.BulkTo)}, {TimeSpanText.Of(range.BulkTo - range.BulkFrom)}) and were left out of the analysis[/]: they would stretch it over {TimeSpanText.Of(range.Last - range.First)} and change what is found; check their timestamps:");
        foreach (var record in range.FarExamples)
        {
            var id = record.RecordId >= 0 ? $" (record_id {record.RecordId})" : "";
            console.MarkupLineInterpolated($"  {record.Kind.ToString().ToLowerInvariant()} {record.Name} of {record.Service} at {Time(record.Timestamp)}{id}");
        }
    }

    public static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
