using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>What the input files held, in time order, ready for detection.</summary>
/// <param name="Records">Every accepted record, ordered by time; record ids are the input's when they were unique and
/// ascending in that order, else renumbered 0, 1, 2, ... (<paramref name="Renumbered"/>).</param>
/// <param name="Missing">Record kinds the input has none of ("no events"), said to the user because the analysis cannot use them.</param>
/// <param name="IdsDiscarded">Whether the input had record ids of its own that were not kept (said to the user; OTLP has none to keep).</param>
/// <param name="TimeRange">The time the records read span and any far outside the rest, which <paramref name="Records"/>
/// leaves out; null when there are none.</param>
internal sealed record TelemetryInput(
    IReadOnlyList<TelemetryRecord> Records,
    InputRejects Rejects,
    IReadOnlyDictionary<TelemetryKind, long> Kinds,
    IReadOnlyList<string> Missing,
    bool Renumbered,
    bool IdsDiscarded,
    InputTimeRange? TimeRange)
{
    /// <summary>
    /// Spans whose parent span id names no span of the input (said to the user: a service not exported, or tracing
    /// lost, shows as a flood of <c>missing_span</c> anomalies).
    /// </summary>
    public long LostParents { get; init; }

    /// <summary>
    /// Of <see cref="LostParents"/>, those at operations where traces enter the input (<see cref="TraceEntries"/>), which
    /// the detector reads as roots.
    /// </summary>
    public long LostParentsAtEntries { get; init; }

    /// <summary>
    /// Log lines that name a trace (<see cref="LogsWithTrace"/>) of which the input holds no span: where the input has
    /// spans, a sign that the traces were sampled or not all exported, while every line kept its request's trace id.
    /// </summary>
    public long LogsOfUntracedRequests { get; init; }

    /// <summary>Log lines that name a trace.</summary>
    public long LogsWithTrace { get; init; }

    /// <summary>Calls that began before the span that made them, and the pods' or hosts' clocks set to agree with them (<see cref="ClockOffsets"/>).</summary>
    public ClockOffsets.Outcome Clocks { get; init; } = ClockOffsets.Outcome.None;

    /// <summary>Pods whose log lines lay outside the spans they name, moved to lie within them (<see cref="LogClockOffsets"/>).</summary>
    public LogClockOffsets.Outcome LogClocks { get; init; } = LogClockOffsets.Outcome.None;

    /// <summary>Records whose trace, span or parent span id was all zeros, read as none (<see cref="Analyze.ZeroIds"/>).</summary>
    public long ZeroIds { get; init; }

    /// <summary>Spans, metric readings, events and requests' log lines sent twice, read once (<see cref="RepeatedRecords"/>).</summary>
    public RepeatedRecords.Outcome Repeated { get; init; } = RepeatedRecords.Outcome.None;

    /// <summary>Records that files overlapping in time both held, read once (<see cref="OverlappingFiles"/>).</summary>
    public OverlappingFiles.Outcome ReadTwice { get; init; } = OverlappingFiles.Outcome.None;

    /// <summary>Metric series read as counters (their increases), and those named so that were read as they are (<see cref="CounterSeries"/>).</summary>
    public CounterSeries.Outcome Counters { get; init; } = CounterSeries.Outcome.None;

    /// <summary>Prometheus histograms and summaries read as their count and mean, their buckets left out (<see cref="HistogramSeries"/>).</summary>
    public HistogramSeries.Outcome Histograms { get; init; } = HistogramSeries.Outcome.None;

    /// <summary>Metric series read more often than once a minute, read once a minute (<see cref="Analyze.MinuteReadings"/>).</summary>
    public MinuteReadings.Outcome MinuteReadings { get; init; } = Analyze.MinuteReadings.Outcome.None;

    /// <summary>Log lines of stack traces sent a line at a time, read as part of the line that logged them (<see cref="StackTraceLines"/>).</summary>
    public StackTraceLines.Outcome StackTraces { get; init; } = StackTraceLines.Outcome.None;

    /// <summary>Log lines given back the trace or span id of the request that wrote them (<see cref="LogRequestIds"/>).</summary>
    public LogRequestIds.Outcome RequestIds { get; init; } = LogRequestIds.Outcome.None;

    /// <summary>Span durations read as seconds, where most calls would otherwise begin after their caller ended (<see cref="SpanDurationUnits"/>).</summary>
    public SpanDurationUnits.Outcome DurationUnits { get; init; } = SpanDurationUnits.Outcome.None;

    /// <summary>Spans read as stamped at their end, where fewer calls break their callers' bounds so (<see cref="SpanEndStamps"/>).</summary>
    public SpanEndStamps.Outcome EndStamps { get; init; } = SpanEndStamps.Outcome.None;

    /// <summary>Log lines naming no request joined to the request their pod was serving as each was written (<see cref="LogRequestsByTime"/>).</summary>
    public LogRequestsByTime.Outcome RequestsByTime { get; init; } = LogRequestsByTime.Outcome.None;

    /// <summary>Service names only metrics and events use, read as the name their pods are traced under (<see cref="Analyze.ServiceAliases"/>).</summary>
    public IReadOnlyList<(string Alias, string Service)> ServiceAliases { get; init; } = [];

    /// <summary>Service names that the records of several services' pods share, read as each pod's service (<see cref="Analyze.SharedServiceNames"/>).</summary>
    public IReadOnlyList<SharedServiceNames.Shared> SharedServiceNames { get; init; } = [];

    /// <summary>Pods named one way by some kinds of record and another way by others, read under one name (<see cref="Analyze.InstanceAliases"/>).</summary>
    public InstanceAliases.Outcome InstanceAliases { get; init; } = Analyze.InstanceAliases.Outcome.None;

    /// <summary>The exceptions recorded on spans: how many were read as log lines, and for which services (<see cref="Analyze.SpanExceptions"/>).</summary>
    public SpanExceptions.Outcome SpanExceptions { get; init; } = Analyze.SpanExceptions.Outcome.None;
}

/// <summary>
/// Reads one or several files (MELT CSV, OTLP JSON, Jaeger, Zipkin or X-Ray traces, CloudWatch Logs, Prometheus, Loki;
/// records in any order, across files too), the files of folders given as inputs (<see cref="InputFolders"/>), or the
/// objects of S3 inputs (<see cref="S3Inputs"/>), into one time-ordered input.
/// </summary>
internal static class TelemetryInputReader
{
    /// <param name="outputDirectory">Where the analysis writes: a folder given as input is read without it (an earlier analysis's files are no telemetry).</param>
    public static TelemetryInput Read(IReadOnlyList<string> paths, Action<string, long> onFileRead, CancellationToken cancellationToken, string? outputDirectory = null)
    {
        var records = new List<TelemetryRecord>();
        var strings = new StringPool();
        var rejects = new InputRejects();
        // OTLP's cumulative series become increases once every file is in (rotated files continue each other), and the
        // spans' exceptions log lines once it is known which services' log lines are in.
        var pending = new PendingRecords();
        using var s3 = new S3Inputs();
        var files = new List<OverlappingFiles.FileRecords>();
        void ReadFile(string name, Func<long> read)
        {
            var from = records.Count;
            onFileRead(name, read());
            files.Add(new(name, from, records.Count));
        }

        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in InputFolders.Files(path, outputDirectory))
                {
                    ReadFile(file, () => InputFiles.Read(file, records, strings, rejects, pending, cancellationToken));
                }

                continue;
            }

            if (!S3Inputs.IsS3(path))
            {
                ReadFile(path, () => InputFiles.Read(path, records, strings, rejects, pending, cancellationToken));
                continue;
            }

            foreach (var item in s3.Objects(path, cancellationToken))
            {
                ReadFile(item, () => InputFiles.Read(item, s3.Open(item, cancellationToken), records, strings, rejects, pending, cancellationToken));
            }
        }

        var readTwice = OverlappingFiles.LeaveOutTwice(records, files);
        var spanExceptions = pending.Settle(records, rejects);

        // Records of one instant keep the order of their ids (then of the input), so that the same records read from
        // files in any order, or split differently, give the same order.
        // Exports are mostly written in time order already: then the order is the input's and no sort is needed.
        var ordered = InTimeOrder(records);
        // Before renumbering: records far off in time are named by the input's own ids. They are left out: one row
        // stamped 1970 would spread every rate per unit of time over fifty years and change what is found in a day's
        // records.
        var timeRange = InputTimeRange.Of(ordered);
        if (timeRange is { Far: > 0 } far)
        {
            ordered = [.. ordered.Where(record => record.Timestamp >= far.BulkFrom && record.Timestamp <= far.BulkTo)];
        }

        // Log lines whole and given their request's ids where their text names them, then copies of any kind read once:
        // a line sent twice is a copy by its ids too, and a copy of a cumulative reading is no second reading.
        var zeroIds = ZeroIds.Clear(ordered);
        (ordered, var stackTraces) = StackTraceLines.Fold(ordered);
        (ordered, var requestIds) = LogRequestIds.Recover(ordered);
        (ordered, var repeated) = RepeatedRecords.LeaveOut(ordered);
        // Before counters are read: a counter's last count of each minute, its increases then a minute apart.
        (ordered, var minuteReadings) = MinuteReadings.Fold(ordered, pending.Cumulative.Increases);
        // After the far-off records are out: a row stamped 1970 would be a counter's base.
        (ordered, var counters) = CounterSeries.Increases(ordered, pending.Cumulative.Resolved);
        (ordered, var histograms) = HistogramSeries.Fold(ordered);
        (ordered, var sharedNames, var aliases, var instanceAliases) = ReadNames(ordered);
        // Before renumbering, so that ids follow the times as moved.
        var spans = SpanTimes.Of(ordered);
        // Before the clocks are read from the calls: in seconds, calls seem to begin after their callers ended; stamped
        // at their end, before their callers began.
        var units = SpanDurationUnits.Read(ordered, spans);
        spans = units.InSeconds ? SpanTimes.Of(ordered) : spans;
        var endStamps = SpanEndStamps.Read(ordered, spans);
        if (endStamps.AtEnd)
        {
            ordered = InTimeOrder(ordered);
            spans = SpanTimes.Of(ordered);
        }
        // Log lines to their own pod's spans first: both as read, before the pods' clocks move them alike.
        var logClocks = LogClockOffsets.Align(ordered, spans);
        var clocks = ClockOffsets.Align(ordered, spans);
        ordered = clocks.Moved > 0 || logClocks.Pods > 0 ? InTimeOrder(ordered) : ordered;
        // Once the clocks agree: a line is joined by the instant it was written.
        var requestsByTime = LogRequestsByTime.Join(ordered);
        ordered = requestsByTime.Moved.Count > 0 ? InTimeOrder(ordered) : ordered;
        var renumbered = !HasAscendingUniqueIds(ordered);
        var idsDiscarded = renumbered && ordered.Any(record => record.RecordId >= 0);
        if (renumbered)
        {
            for (var i = 0; i < ordered.Count; i++)
            {
                ordered[i] = ordered[i] with { RecordId = i };
            }
        }

        var kinds = Enum.GetValues<TelemetryKind>().ToDictionary(kind => kind, _ => 0L);
        foreach (var record in ordered)
        {
            kinds[record.Kind]++;
        }

        var missing = kinds.Where(pair => pair.Value == 0).Select(pair => NameOf(pair.Key)).ToList();
        var references = SpanReferences.Of(ordered, spans);
        return new TelemetryInput(ordered, rejects, kinds, missing, renumbered, idsDiscarded, timeRange)
        {
            LostParents = references.LostParents, LostParentsAtEntries = references.LostParentsAtEntries, LogsWithTrace = references.LogsWithTrace,
            LogsOfUntracedRequests = references.LogsOfUntracedRequests, Clocks = clocks, LogClocks = logClocks, ReadTwice = readTwice, Repeated = repeated, ZeroIds = zeroIds,
            Counters = counters, Histograms = histograms, StackTraces = stackTraces, RequestIds = requestIds, RequestsByTime = requestsByTime, EndStamps = endStamps, DurationUnits = units, ServiceAliases = aliases, SharedServiceNames = sharedNames, InstanceAliases = instanceAliases, MinuteReadings = minuteReadings, SpanExceptions = spanExceptions,
        };
    }

    /// <summary>
    /// Services and pods named two ways read under one name, from one pass's worth of which names go together: a name
    /// the pods of several services share first (<see cref="Analyze.SharedServiceNames"/>; the aliases would take every
    /// pod's metrics to it), then the services' aliases, then the pods'.
    /// </summary>
    private static (List<TelemetryRecord>, IReadOnlyList<SharedServiceNames.Shared>, IReadOnlyList<(string, string)>, InstanceAliases.Outcome) ReadNames(
        List<TelemetryRecord> records)
    {
        var pods = PodKinds.Of(records);
        var (readAs, shared) = Analyze.SharedServiceNames.Find(pods);
        string SharedRead(string service, string instance) => readAs.GetValueOrDefault((service, instance), service);
        pods = readAs.Count > 0 ? pods.WithServices(SharedRead) : pods;
        var aliases = Analyze.ServiceAliases.Find(pods);
        pods = aliases.Count > 0 ? pods.WithServices((service, _) => aliases.GetValueOrDefault(service, service)) : pods;
        if (readAs.Count > 0 || aliases.Count > 0)
        {
            for (var i = 0; i < records.Count; i++)
            {
                var service = SharedRead(records[i].Service, records[i].Instance);
                service = aliases.GetValueOrDefault(service, service);
                records[i] = ReferenceEquals(service, records[i].Service) ? records[i] : records[i] with { Service = service };
            }
        }

        var (read, instances) = Analyze.InstanceAliases.Resolve(records, pods);
        return (read, shared, Analyze.ServiceAliases.Listed(aliases), instances);
    }

    private static List<TelemetryRecord> InTimeOrder(List<TelemetryRecord> records) =>
        IsInOrder(records)
            ? records
            : records.Select((record, index) => (record, index))
                .OrderBy(pair => pair.record.Timestamp).ThenBy(pair => pair.record.RecordId).ThenBy(pair => pair.index)
                .Select(pair => pair.record).ToList();

    /// <summary>True when every record is at or after the one before it, and after it in id where they share a time.</summary>
    private static bool IsInOrder(List<TelemetryRecord> records)
    {
        for (var i = 1; i < records.Count; i++)
        {
            var (before, after) = (records[i - 1], records[i]);
            if (after.Timestamp < before.Timestamp || (after.Timestamp == before.Timestamp && after.RecordId < before.RecordId))
            {
                return false;
            }
        }

        return true;
    }

    public static string NameOf(TelemetryKind kind) => kind switch
    {
        TelemetryKind.Metric => "metrics",
        TelemetryKind.Event => "events",
        TelemetryKind.Log => "logs",
        _ => "spans",
    };

    private static bool HasAscendingUniqueIds(List<TelemetryRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].RecordId < 0 || (i > 0 && records[i].RecordId <= records[i - 1].RecordId))
            {
                return false;
            }
        }

        return true;
    }
}
