using System.Text;
using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Turns the OTLP export requests of one file into records, one line at a time: a span, log record or data point that
/// cannot be a record (no time, an end before its start, no reading, a reading that is not a finite number) is
/// rejected on its own with its line and field (<c>resourceSpans[0].scopeSpans[0].spans[16].startTimeUnixNano</c>)
/// and the rest of the line is kept. A line is taken whole or not at all: <see cref="Commit"/> hands over its records
/// and rejections, <see cref="Discard"/> forgets them (and what they did to the cumulative sums) when the line turns
/// out not to have the OTLP shape.
/// </summary>
internal sealed class OtlpRequestReader(StringPool strings)
{
    private const int MaxSeriesName = 200;

    // Per stream (a series and the start it counts from): its last point. Per series: the time of its latest point.
    private readonly Dictionary<string, Cumulative> _cumulative = new(StringComparer.Ordinal);
    private readonly List<(string Key, bool Had, Cumulative Old)> _cumulativeUndo = [];
    private readonly Dictionary<string, long> _seriesLatest = new(StringComparer.Ordinal);
    private readonly List<(string Key, bool Had, long Old)> _seriesLatestUndo = [];

    // First points of cumulative series on the current line: the bases their increases are measured from, not readings.
    private long _bases;
    private readonly List<TelemetryRecord> _records = [];
    private readonly List<(string Field, string Reason)> _rejects = [];

    /// <summary>Reads one export request of the current line; false when it holds no resourceSpans, resourceLogs or resourceMetrics.</summary>
    /// <param name="at">Where the request is in its line: empty for a line that is the request, <c>[2].</c> for the third of an array.</param>
    public bool Read(JsonElement request, string at)
    {
        var known = false;
        if (request.TryGetMember("resourceSpans", out var spans))
        {
            known = true;
            ReadSpans(spans, at + "resourceSpans");
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

    /// <summary>Hands over the current line's records and rejections.</summary>
    public void Commit(string path, long line, List<TelemetryRecord> records, InputRejects rejects)
    {
        records.AddRange(_records);
        foreach (var (field, reason) in _rejects)
        {
            rejects.Add(path, line, field, reason);
        }

        rejects.AddCumulativeBases(_bases);
        Clear();
    }

    /// <summary>Forgets the current line: its records, its rejections, and the cumulative sums it moved.</summary>
    public void Discard()
    {
        for (var i = _cumulativeUndo.Count - 1; i >= 0; i--)
        {
            var (key, had, old) = _cumulativeUndo[i];
            if (had)
            {
                _cumulative[key] = old;
            }
            else
            {
                _cumulative.Remove(key);
            }
        }

        for (var i = _seriesLatestUndo.Count - 1; i >= 0; i--)
        {
            var (key, had, old) = _seriesLatestUndo[i];
            if (had)
            {
                _seriesLatest[key] = old;
            }
            else
            {
                _seriesLatest.Remove(key);
            }
        }

        Clear();
    }

    private void Clear()
    {
        _bases = 0;
        _records.Clear();
        _rejects.Clear();
        _cumulativeUndo.Clear();
        _seriesLatestUndo.Clear();
    }

    private void ReadSpans(JsonElement resourceSpans, string at)
    {
        foreach (var (r, resource) in Items(resourceSpans, "resourceSpans"))
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

                    _records.Add(new TelemetryRecord(
                        -1, Time(start), TelemetryKind.Span, service, instance, strings.Get(OtlpValues.Text(span, "name") ?? ""),
                        (end - start) / 1_000_000.0, Status: OtlpValues.IsFailed(span) ? SpanStatus.Error : SpanStatus.Ok,
                        TraceId: OtlpValues.Id(span, "traceId"), SpanId: OtlpValues.Id(span, "spanId"), ParentSpanId: OtlpValues.Id(span, "parentSpanId")));
                }
            }
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
                    _records.Add(new TelemetryRecord(
                        -1, Time(time), TelemetryKind.Log, service, instance, "log", 0, Level: OtlpValues.Severity(log),
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

    /// <summary>
    /// Gauge and sum points: readings, a monotonic cumulative sum's as its increase since its previous point of the same
    /// stream (<see cref="Step"/>). A sum that fell, or started again (a new <c>startTimeUnixNano</c> after the series'
    /// latest point: the process restarted), was reset: its increase is all it has counted since. The first point of a
    /// stream is otherwise the base of the next, counted as such (<see cref="InputRejects.CumulativeBases"/>).
    /// </summary>
    private void ReadReadings(JsonElement data, string at, string service, string instance, string name, bool increases)
    {
        foreach (var (p, point) in Indexed(data, "dataPoints"))
        {
            if (!TryRecordedValue(point, out var field, out var problem)
                || !TryTime(point, "timeUnixNano", "a point's time", out var nanos, out field, out problem)
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

            var step = Step($"{service}\u0001{instance}\u0001{series}", start, nanos, out var stream, out var previous);
            SetCumulative(stream, new Cumulative(value, 0, 0));
            if (step == StreamStep.Base)
            {
                _bases++;
                continue;
            }

            AddReading(service, instance, series, nanos, step == StreamStep.Restarted || value < previous.Value ? value : value - previous.Value);
        }
    }


    /// <summary>A point flagged as having no recorded value (a Prometheus staleness marker) is no reading: false with the reason.</summary>
    private static bool TryRecordedValue(JsonElement point, out string field, out string problem)
    {
        (field, problem) = ("flags", "");
        if (point.TryGetMember("flags", out var flags) && flags.ValueKind == JsonValueKind.Number && flags.TryGetInt64(out var bits) && (bits & 1) != 0)
        {
            problem = "has no recorded value (flag 1: a staleness marker, the series stopped being reported)";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Histogram and summary points: their count and mean per interval (a cumulative one's since its previous point,
    /// reset as a sum is; a summary's count and sum are cumulative, as OTLP defines them). No mean without a sum, which
    /// a histogram may leave out.
    /// </summary>
    private void ReadDistributions(JsonElement data, string kind, string at, string service, string instance, string name)
    {
        var isCumulative = kind == "summary" || OtlpValues.IsCumulative(data);
        foreach (var (p, point) in Indexed(data, "dataPoints"))
        {
            if (!TryRecordedValue(point, out var field, out var problem)
                || !TryDistribution(point, out var nanos, out var count, out var total, out var hasSum, out field, out problem))
            {
                Reject($"{at}.dataPoints[{p}].{field}", problem);
                continue;
            }

            OtlpValues.TryNanos(point, "startTimeUnixNano", out var start, out _);
            var series = SeriesName(name, point);
            if (isCumulative)
            {
                var step = Step($"{service}\u0001{instance}\u0001{series}", start, nanos, out var stream, out var previous);
                SetCumulative(stream, new Cumulative(0, count, total));
                if (step == StreamStep.Base)
                {
                    _bases++;
                    continue;
                }

                if (step == StreamStep.Continued && count >= previous.Count)
                {
                    (count, total) = (count - previous.Count, total - previous.Sum);
                }
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

    /// <summary>
    /// Where a cumulative point of <paramref name="series"/> stands: a stream is the series counting from one start
    /// (<c>startTimeUnixNano</c>; 0 when not said), so replicas that name no instance, and so share the series, each
    /// count on in their own stream instead of reading as a reset at every point. A point of a known stream continues
    /// it (<paramref name="previous"/> is its last point); a new start after the series' latest point is the process
    /// started again (its value is all it counted since); any other new stream's first point is its base.
    /// </summary>
    private StreamStep Step(string series, long start, long nanos, out string stream, out Cumulative previous)
    {
        stream = $"{series}\u0001{start}";
        var hadSeries = _seriesLatest.TryGetValue(series, out var latest);
        _seriesLatestUndo.Add((series, hadSeries, latest));
        _seriesLatest[series] = hadSeries ? Math.Max(latest, nanos) : nanos;
        if (_cumulative.TryGetValue(stream, out previous))
        {
            return StreamStep.Continued;
        }

        return hadSeries && start != 0 && start >= latest ? StreamStep.Restarted : StreamStep.Base;
    }

    private void SetCumulative(string key, Cumulative value)
    {
        var had = _cumulative.TryGetValue(key, out var old);
        _cumulativeUndo.Add((key, had, old));
        _cumulative[key] = value;
    }

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

    private static string SeriesName(string name, JsonElement point)
    {
        var attributes = OtlpValues.Array(point, "attributes")
            .Select(attribute => $"{OtlpValues.Text(attribute, "key")}={(attribute.TryGetMember("value", out var value) ? OtlpValues.AnyValue(value) : "")}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var series = attributes.Count == 0 ? name : $"{name}{{{string.Join(',', attributes)}}}";
        // Cut, but kept apart: two long names that differ only at the end (url.scheme) must stay two series.
        return series.Length <= MaxSeriesName
            ? series
            : $"{series[..(MaxSeriesName - 18)]}…#{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(series)))[..16]}";
    }

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

    /// <summary>A cumulative stream's last point: its value (a sum's) or count and sum (a distribution's).</summary>
    private readonly record struct Cumulative(double Value, double Count, double Sum);

    private enum StreamStep
    {
        /// <summary>The first point of a stream: what the next is measured from.</summary>
        Base,

        /// <summary>A point of a stream already seen.</summary>
        Continued,

        /// <summary>The first point of a stream that started after the series' latest point: a restart.</summary>
        Restarted,
    }
}
