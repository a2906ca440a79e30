using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Turns the OTLP export requests of one file into records, one line at a time: a span, log record or data point that
/// cannot be a record (no time, an end before its start, no reading, a reading that is infinite) is
/// rejected on its own with its line and field (<c>resourceSpans[0].scopeSpans[0].spans[16].startTimeUnixNano</c>)
/// and the rest of the line is kept; a point without a value (flagged so, a staleness marker, or reading NaN) is a gap
/// in its series (<see cref="ValuelessReadings"/>). A line is taken whole or not at all: <see cref="Commit"/> hands over its records,
/// cumulative points and rejections, <see cref="Discard"/> forgets them when the line turns out not to have the OTLP
/// shape. Cumulative points become increases only once the whole input is read (<see cref="CumulativePoints"/>).
/// </summary>
internal sealed class OtlpRequestReader(StringPool strings)
{
    private readonly List<TelemetryRecord> _records = [];
    private readonly List<CumulativePoint> _cumulative = [];
    private readonly List<TelemetryRecord> _exceptions = [];
    private readonly List<(string Field, string Reason)> _rejects = [];
    private readonly List<(string Field, string Metric)> _valueless = [];
    private long _levelsFromText;

    /// <summary>Reads one export request of the current line; false when it holds no resourceSpans, resourceLogs or resourceMetrics.</summary>
    /// <param name="at">Where the request is in its line: empty for a line that is the request, <c>[2].</c> for the third of an array.</param>
    public bool Read(JsonElement request, string at)
    {
        // Grafana Tempo answers /api/v2/traces/{id} with the trace under "trace", and /api/traces/{id} with its
        // resource spans named "batches".
        if (request.TryGetMember("trace", out var trace) && trace.ValueKind == JsonValueKind.Object)
        {
            return Read(trace, at + "trace.");
        }

        var known = false;
        if (request.TryGetMember("resourceSpans", out var spans))
        {
            known = true;
            ReadSpans(spans, at, "resourceSpans");
        }

        if (request.TryGetMember("batches", out var batches))
        {
            known = true;
            ReadSpans(batches, at, "batches");
        }

        if (request.TryGetMember("resourceLogs", out var logs))
        {
            known = true;
            ReadLogs(logs, at + "resourceLogs");
        }

        if (request.TryGetMember("resourceMetrics", out var metrics))
        {
            known = true;
            ReadMetrics(metrics, at + "resourceMetrics");
        }

        return known;
    }

    /// <summary>Hands over the current line's records, cumulative points, exceptions and rejections.</summary>
    public void Commit(string path, long line, List<TelemetryRecord> records, PendingRecords pending, InputRejects rejects)
    {
        records.AddRange(_records);
        pending.Cumulative.AddRange(_cumulative);
        pending.Exceptions.AddRange(_exceptions);
        foreach (var (field, reason) in _rejects)
        {
            rejects.Add(path, line, field, reason);
        }

        foreach (var (field, metric) in _valueless)
        {
            rejects.Valueless.Add(path, line, field, metric);
        }

        rejects.AddLevelsFromText(_levelsFromText);
        Clear();
    }

    /// <summary>Forgets the current line: its records, cumulative points and rejections.</summary>
    public void Discard() => Clear();

    private void Clear()
    {
        _records.Clear();
        _cumulative.Clear();
        _exceptions.Clear();
        _rejects.Clear();
        _valueless.Clear();
        _levelsFromText = 0;
    }

    /// <param name="name">What the request names its resource spans: <c>resourceSpans</c>, or Tempo's <c>batches</c>.</param>
    private void ReadSpans(JsonElement resourceSpans, string at, string name)
    {
        at += name;
        foreach (var (r, resource) in Items(resourceSpans, name))
        {
            var (service, instance) = OtlpValues.Origin(resource, strings);
            foreach (var (s, scope) in Scopes(resource, "Spans"))
            {
                foreach (var (i, span) in Indexed(scope, "spans"))
                {
                    if (!TryTime(span, "startTimeUnixNano", "a span's start", out var start, out var field, out var problem)
                        || !TryTime(span, "endTimeUnixNano", "a span's end", out var end, out field, out problem))
                    {
                        Reject($"{at}[{r}].scopeSpans[{s}].spans[{i}].{field}", problem);
                        continue;
                    }

                    if (end < start)
                    {
                        Reject($"{at}[{r}].scopeSpans[{s}].spans[{i}].endTimeUnixNano",
                            $"{end} is before the span's start ({start}): a span cannot end before it starts");
                        continue;
                    }

                    var record = new TelemetryRecord(
                        -1, Time(start), TelemetryKind.Span, service, instance, strings.Get(OtlpValues.Text(span, "name") ?? ""),
                        (end - start) / 1_000_000.0, Status: OtlpValues.IsFailed(span) ? SpanStatus.Error : SpanStatus.Ok,
                        TraceId: OtlpValues.Id(span, "traceId"), SpanId: OtlpValues.Id(span, "spanId"), ParentSpanId: OtlpValues.Id(span, "parentSpanId"));
                    _records.Add(record);
                    ReadExceptions(span, $"{at}[{r}].scopeSpans[{s}].spans[{i}]", record);
                }
            }
        }
    }

    /// <summary>
    /// A span's exceptions: its events named <c>exception</c>, with <c>exception.type</c> and <c>exception.message</c>
    /// (OpenTelemetry's semantic conventions, as its SDKs' <c>RecordException</c> writes them). Other events are not read.
    /// </summary>
    private void ReadExceptions(JsonElement span, string at, TelemetryRecord record)
    {
        foreach (var (e, spanEvent) in Indexed(span, "events"))
        {
            if (OtlpValues.Text(spanEvent, "name") != SpanExceptions.LogName)
            {
                continue;
            }

            if (!TryTime(spanEvent, "timeUnixNano", "an exception event", out var nanos, out var field, out var problem))
            {
                Reject($"{at}.events[{e}].{field}", problem);
                continue;
            }

            string? type = null, message = null;
            foreach (var attribute in OtlpValues.Array(spanEvent, "attributes"))
            {
                var value = attribute.TryGetMember("value", out var any) ? OtlpValues.AnyValue(any) : null;
                switch (OtlpValues.Text(attribute, "key"))
                {
                    case "exception.type":
                        type = value;
                        break;
                    case "exception.message":
                        message = value;
                        break;
                }
            }

            _exceptions.Add(SpanExceptions.LogLine(Time(nanos), record.Service, record.Instance, record.TraceId, record.SpanId, type, message, strings));
        }
    }

    private void ReadLogs(JsonElement resourceLogs, string at)
    {
        foreach (var (r, resource) in Items(resourceLogs, "resourceLogs"))
        {
            var (service, instance) = OtlpValues.Origin(resource, strings);
            foreach (var (s, scope) in Scopes(resource, "Logs"))
            {
                foreach (var (i, log) in Indexed(scope, "logRecords"))
                {
                    // A log record's time is when it happened, else when it was observed (OTLP: 0 is unknown).
                    if (!OtlpValues.TryNanos(log, "timeUnixNano", out var time, out var problem))
                    {
                        Reject($"{at}[{r}].scopeLogs[{s}].logRecords[{i}].timeUnixNano", problem);
                        continue;
                    }

                    if (time == 0 && !OtlpValues.TryNanos(log, "observedTimeUnixNano", out time, out problem))
                    {
                        Reject($"{at}[{r}].scopeLogs[{s}].logRecords[{i}].observedTimeUnixNano", problem);
                        continue;
                    }

                    if (time == 0)
                    {
                        Reject($"{at}[{r}].scopeLogs[{s}].logRecords[{i}].timeUnixNano",
                            "missing, and so is observedTimeUnixNano: a log record cannot be placed in time");
                        continue;
                    }

                    var body = log.TryGetMember("body", out var value) ? OtlpValues.AnyValue(value) : null;
                    var level = OtlpValues.Severity(log, body, out var levelFromText);
                    _levelsFromText += levelFromText ? 1 : 0;
                    _records.Add(new TelemetryRecord(
                        -1, Time(time), TelemetryKind.Log, service, instance, strings.Get(OtlpValues.LogName(log)), 0, Level: level,
                        TraceId: OtlpValues.Id(log, "traceId"), SpanId: OtlpValues.Id(log, "spanId"), Message: body));
                }
            }
        }
    }

    private void ReadMetrics(JsonElement resourceMetrics, string at)
    {
        foreach (var (r, resource) in Items(resourceMetrics, "resourceMetrics"))
        {
            var (service, instance) = OtlpValues.Origin(resource, strings);
            foreach (var (s, scope) in Scopes(resource, "Metrics"))
            {
                foreach (var (m, metric) in Indexed(scope, "metrics"))
                {
                    var name = OtlpValues.Text(metric, "name") ?? "";
                    var where = $"{at}[{r}].scopeMetrics[{s}].metrics[{m}]";
                    if (metric.TryGetMember("gauge", out var gauge))
                    {
                        ReadReadings(gauge, where + ".gauge", service, instance, name, increases: false);
                    }
                    else if (metric.TryGetMember("sum", out var sum))
                    {
                        var increases = OtlpValues.IsCumulative(sum) && sum.TryGetMember("isMonotonic", out var monotonic) && monotonic.GetBoolean();
                        ReadReadings(sum, where + ".sum", service, instance, name, increases);
                    }
                    else if (DistributionOf(metric) is { } distribution)
                    {
                        ReadDistributions(distribution.Data, distribution.Kind, $"{where}.{distribution.Kind}", service, instance, name);
                    }
                    else
                    {
                        Reject(where, $"'{name}' has no gauge, sum, histogram, exponentialHistogram or summary: its points cannot be read");
                    }
                }
            }
        }
    }

    /// <summary>Gauge and sum points: readings, a monotonic cumulative sum's as a cumulative point (its increases come later).</summary>
    private void ReadReadings(JsonElement data, string at, string service, string instance, string name, bool increases)
    {
        foreach (var (p, point) in Indexed(data, "dataPoints"))
        {
            if (IsValueless(point, out var field))
            {
                _valueless.Add(($"{at}.dataPoints[{p}].{field}", strings.Get(SeriesName(name, point))));
                continue;
            }

            if (!TryTime(point, "timeUnixNano", "a point's time", out var nanos, out field, out var problem)
                || !OtlpValues.TryReading(point, out var value, out field, out problem))
            {
                Reject($"{at}.dataPoints[{p}].{field}", problem);
                continue;
            }

            // A start that cannot be read says nothing of a restart: the fall of the value still does.
            OtlpValues.TryNanos(point, "startTimeUnixNano", out var start, out _);

            var series = SeriesName(name, point);
            if (!increases)
            {
                AddReading(service, instance, series, nanos, value);
                continue;
            }

            _cumulative.Add(new CumulativePoint(service, instance, strings.Get(series), null, start, nanos, value, double.NaN));
        }
    }

    /// <summary>
    /// A point flagged as having no recorded value (flag 1, a Prometheus staleness marker: the series stopped being
    /// reported), or a gauge or sum reading NaN: true with the field that says so.
    /// </summary>
    private static bool IsValueless(JsonElement point, out string field)
    {
        field = "flags";
        if (point.TryGetMember(field, out var flags) && flags.ValueKind == JsonValueKind.Number && flags.TryGetInt64(out var bits) && (bits & 1) != 0)
        {
            return true;
        }

        field = "asDouble";
        return point.TryGetMember(field, out var reading) && reading.ValueKind == JsonValueKind.String && reading.GetString() is { } text
            && text.Trim().Equals("NaN", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Histogram and summary points: a delta one's count and mean, a cumulative one as a cumulative point (its increases
    /// come later; a summary's count and sum are cumulative, as OTLP defines them). No mean without a sum, which a
    /// histogram may leave out.
    /// </summary>
    private void ReadDistributions(JsonElement data, string kind, string at, string service, string instance, string name)
    {
        var isCumulative = kind == "summary" || OtlpValues.IsCumulative(data);
        foreach (var (p, point) in Indexed(data, "dataPoints"))
        {
            if (IsValueless(point, out var field))
            {
                _valueless.Add(($"{at}.dataPoints[{p}].{field}", strings.Get(SeriesName(name, point))));
                continue;
            }

            if (!TryDistribution(point, out var nanos, out var count, out var total, out var hasSum, out field, out var problem))
            {
                Reject($"{at}.dataPoints[{p}].{field}", problem);
                continue;
            }

            OtlpValues.TryNanos(point, "startTimeUnixNano", out var start, out _);
            var series = SeriesName(name, point);
            if (isCumulative)
            {
                _cumulative.Add(new CumulativePoint(
                    service, instance, strings.Get(series + ".count"), strings.Get(series + ".mean"), start, nanos, count, hasSum ? total : double.NaN));
                continue;
            }

            AddReading(service, instance, series + ".count", nanos, count);
            if (count > 0 && hasSum)
            {
                AddReading(service, instance, series + ".mean", nanos, total / count);
            }
        }
    }

    /// <summary>A histogram or summary point's time, count and sum (0 when absent, as protobuf's JSON leaves out zeros); false with the field and reason for one that cannot be read.</summary>
    private static bool TryDistribution(JsonElement point, out long nanos, out double count, out double total, out bool hasSum, out string field, out string problem)
    {
        (count, total, hasSum) = (0, 0, false);
        if (!TryTime(point, "timeUnixNano", "a point's time", out nanos, out field, out problem))
        {
            return false;
        }

        field = "count";
        if (point.TryGetMember(field, out var value) && !OtlpValues.TryFinite(value, "a count", out count, out problem))
        {
            return false;
        }

        field = "sum";
        hasSum = point.TryGetMember(field, out value);
        return !hasSum || OtlpValues.TryFinite(value, "a sum", out total, out problem);
    }

    private static (string Kind, JsonElement Data)? DistributionOf(JsonElement metric)
    {
        foreach (var kind in (ReadOnlySpan<string>)["histogram", "exponentialHistogram", "summary"])
        {
            if (metric.TryGetMember(kind, out var data))
            {
                return (kind, data);
            }
        }

        return null;
    }

    private void AddReading(string service, string instance, string series, long nanos, double value) =>
        _records.Add(new TelemetryRecord(-1, Time(nanos), TelemetryKind.Metric, service, instance, strings.Get(series), value));

    private void Reject(string field, string reason) => _rejects.Add((field, reason));

    /// <summary>A time that must be there: absent or 0 (OTLP's "unknown") is as much a rejection as one that is not a number.</summary>
    private static bool TryTime(JsonElement element, string property, string meaning, out long nanos, out string field, out string problem)
    {
        field = property;
        if (!OtlpValues.TryNanos(element, property, out nanos, out problem))
        {
            return false;
        }

        if (nanos == 0)
        {
            problem = $"missing: {meaning} cannot be placed in time";
            return false;
        }

        return true;
    }

    private static string SeriesName(string name, JsonElement point) =>
        SeriesNames.Of(name, OtlpValues.Array(point, "attributes").Select(static attribute =>
            (OtlpValues.Text(attribute, "key") ?? "", attribute.TryGetMember("value", out var value) ? OtlpValues.AnyValue(value) : "")));

    private static DateTime Time(long unixNanos) => DateTime.UnixEpoch.AddTicks(unixNanos / 100);

    /// <summary>
    /// A resource's scopes of one signal (<c>scopeSpans</c>), or, from a Collector before OTLP 0.15 (2022), its
    /// instrumentation libraries' (<c>instrumentationLibrarySpans</c>), which hold the same records.
    /// </summary>
    private static IEnumerable<(int Index, JsonElement Element)> Scopes(JsonElement resource, string signal) =>
        resource.TryGetMember("scope" + signal, out _) ? Indexed(resource, "scope" + signal) : Indexed(resource, "instrumentationLibrary" + signal);

    private static IEnumerable<(int Index, JsonElement Element)> Indexed(JsonElement element, string property) =>
        element.TryGetMember(property, out var array) ? Items(array, property) : [];

    /// <summary>An array's items with their positions; null is an empty array (protobuf's JSON allows it), anything else is not the OTLP shape.</summary>
    private static IEnumerable<(int Index, JsonElement Element)> Items(JsonElement array, string name) => array.ValueKind switch
    {
        JsonValueKind.Array => array.EnumerateArray().Select((element, index) => (index, element)),
        JsonValueKind.Null => [],
        _ => throw new InvalidOperationException($"{name} is {array.ValueKind.ToString().ToLowerInvariant()}, not an array"),
    };
}
