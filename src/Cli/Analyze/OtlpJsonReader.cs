using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads what the OpenTelemetry Collector's file exporter writes: JSON lines, each an OTLP
/// <c>ExportTraceServiceRequest</c>, <c>ExportLogsServiceRequest</c> or <c>ExportMetricsServiceRequest</c> in the
/// OTLP/JSON encoding (plain or gzip). Resource <c>service.name</c> names the service and <c>service.instance.id</c>
/// (else <c>k8s.pod.name</c>, else <c>host.name</c>) the instance. Spans keep their name, duration, ids and status
/// (code 2 is ERROR); log records their severity and body; gauge and sum points become metric readings (a monotonic
/// cumulative sum as the increase since its previous point), histograms their count and mean per interval. A point's
/// attributes, when it has any, join its metric name (<c>http.server.duration{route=/cart}</c>), so that series stay apart.
/// </summary>
internal static class OtlpJsonReader
{
    private const int MaxSeriesName = 200;

    /// <summary>Whether the file starts like OTLP JSON (an object naming resource spans, logs or metrics).</summary>
    public static bool LooksLikeOtlp(string firstLine) =>
        firstLine.TrimStart().StartsWith('{')
        && (firstLine.Contains("\"resourceSpans\"", StringComparison.Ordinal) || firstLine.Contains("\"resourceLogs\"", StringComparison.Ordinal)
            || firstLine.Contains("\"resourceMetrics\"", StringComparison.Ordinal));

    public static long Read(string path, Stream stream, List<TelemetryRecord> records, StringPool strings, InputRejects rejects, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var cumulative = new Dictionary<string, (double Value, double Count, double Sum)>(StringComparer.Ordinal);
        var before = records.Count;
        var lineNumber = 0;
        while (ReadLine(path, reader, lineNumber) is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var known = false;
                if (root.TryGetProperty("resourceSpans", out var spans))
                {
                    known = true;
                    ReadSpans(spans, records, strings);
                }

                if (root.TryGetProperty("resourceLogs", out var logs))
                {
                    known = true;
                    ReadLogs(logs, records, strings);
                }

                if (root.TryGetProperty("resourceMetrics", out var metrics))
                {
                    known = true;
                    ReadMetrics(metrics, records, strings, cumulative);
                }

                if (!known)
                {
                    rejects.Add(path, lineNumber, "line", "is JSON but holds no resourceSpans, resourceLogs or resourceMetrics");
                }
            }
            catch (JsonException ex)
            {
                rejects.Add(path, lineNumber, "line", $"is not OTLP JSON ({UntrustedText.Cut(ex.Message)})");
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException)
            {
                rejects.Add(path, lineNumber, "line", $"does not have the OTLP shape ({UntrustedText.Cut(ex.Message)})");
            }
        }

        return records.Count - before;
    }

    private static string? ReadLine(string path, StreamReader reader, long linesRead)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A gzip file that breaks off (corrupt, truncated) or a failing disk: say how far the file was read.
            throw InputFileException.StoppedAt(path, linesRead, ex);
        }
    }

    private static void ReadSpans(JsonElement resourceSpans, List<TelemetryRecord> records, StringPool strings)
    {
        foreach (var resource in resourceSpans.EnumerateArray())
        {
            var (service, instance) = Origin(resource, strings);
            foreach (var scope in Array(resource, "scopeSpans"))
            {
                foreach (var span in Array(scope, "spans"))
                {
                    var start = Nanos(span, "startTimeUnixNano");
                    var end = Nanos(span, "endTimeUnixNano");
                    var failed = span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code)
                        && (code.ValueKind == JsonValueKind.Number ? code.GetInt32() == 2 : code.GetString() is "STATUS_CODE_ERROR" or "2");
                    records.Add(new TelemetryRecord(
                        -1, Time(start), TelemetryKind.Span, service, instance, strings.Get(Text(span, "name") ?? ""),
                        Math.Max(0, end - start) / 1_000_000.0, Status: failed ? SpanStatus.Error : SpanStatus.Ok,
                        TraceId: Id(span, "traceId"), SpanId: Id(span, "spanId"), ParentSpanId: Id(span, "parentSpanId")));
                }
            }
        }
    }

    private static void ReadLogs(JsonElement resourceLogs, List<TelemetryRecord> records, StringPool strings)
    {
        foreach (var resource in resourceLogs.EnumerateArray())
        {
            var (service, instance) = Origin(resource, strings);
            foreach (var scope in Array(resource, "scopeLogs"))
            {
                foreach (var log in Array(scope, "logRecords"))
                {
                    var time = Nanos(log, "timeUnixNano");
                    if (time == 0)
                    {
                        time = Nanos(log, "observedTimeUnixNano");
                    }

                    var body = log.TryGetProperty("body", out var value) ? AnyValue(value) : null;
                    records.Add(new TelemetryRecord(
                        -1, Time(time), TelemetryKind.Log, service, instance, "log", 0, Level: Severity(log),
                        TraceId: Id(log, "traceId"), SpanId: Id(log, "spanId"), Message: body));
                }
            }
        }
    }

    private static void ReadMetrics(
        JsonElement resourceMetrics, List<TelemetryRecord> records, StringPool strings, Dictionary<string, (double Value, double Count, double Sum)> cumulative)
    {
        foreach (var resource in resourceMetrics.EnumerateArray())
        {
            var (service, instance) = Origin(resource, strings);
            foreach (var scope in Array(resource, "scopeMetrics"))
            {
                foreach (var metric in Array(scope, "metrics"))
                {
                    var name = Text(metric, "name") ?? "";
                    if (metric.TryGetProperty("gauge", out var gauge))
                    {
                        foreach (var point in Array(gauge, "dataPoints"))
                        {
                            Add(records, strings, service, instance, SeriesName(name, point), Nanos(point, "timeUnixNano"), NumberOf(point));
                        }
                    }
                    else if (metric.TryGetProperty("sum", out var sum))
                    {
                        var increases = IsCumulative(sum) && sum.TryGetProperty("isMonotonic", out var monotonic) && monotonic.GetBoolean();
                        foreach (var point in Array(sum, "dataPoints"))
                        {
                            var series = SeriesName(name, point);
                            var value = NumberOf(point);
                            if (!increases)
                            {
                                Add(records, strings, service, instance, series, Nanos(point, "timeUnixNano"), value);
                                continue;
                            }

                            var key = $"{service}\u0001{instance}\u0001{series}";
                            if (cumulative.TryGetValue(key, out var previous) && value >= previous.Value)
                            {
                                Add(records, strings, service, instance, series, Nanos(point, "timeUnixNano"), value - previous.Value);
                            }

                            cumulative[key] = (value, 0, 0);
                        }
                    }
                    else if (metric.TryGetProperty("histogram", out var histogram) || metric.TryGetProperty("exponentialHistogram", out histogram)
                             || metric.TryGetProperty("summary", out histogram))
                    {
                        var isCumulative = IsCumulative(histogram);
                        foreach (var point in Array(histogram, "dataPoints"))
                        {
                            var series = SeriesName(name, point);
                            var count = Number(point, "count");
                            var total = Number(point, "sum");
                            var key = $"{service}\u0001{instance}\u0001{series}";
                            if (isCumulative)
                            {
                                var had = cumulative.TryGetValue(key, out var previous);
                                cumulative[key] = (0, count, total);
                                if (!had || count < previous.Count)
                                {
                                    continue;
                                }

                                (count, total) = (count - previous.Count, total - previous.Sum);
                            }

                            var time = Nanos(point, "timeUnixNano");
                            Add(records, strings, service, instance, series + ".count", time, count);
                            if (count > 0)
                            {
                                Add(records, strings, service, instance, series + ".mean", time, total / count);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void Add(List<TelemetryRecord> records, StringPool strings, string service, string instance, string name, long nanos, double value)
    {
        if (double.IsFinite(value))
        {
            records.Add(new TelemetryRecord(-1, Time(nanos), TelemetryKind.Metric, service, instance, strings.Get(name), value));
        }
    }

    private static (string Service, string Instance) Origin(JsonElement resource, StringPool strings)
    {
        string? service = null, instance = null, pod = null, host = null;
        if (resource.TryGetProperty("resource", out var described))
        {
            foreach (var attribute in Array(described, "attributes"))
            {
                var value = attribute.TryGetProperty("value", out var any) ? AnyValue(any) : null;
                switch (Text(attribute, "key"))
                {
                    case "service.name": service = value; break;
                    case "service.instance.id": instance = value; break;
                    case "k8s.pod.name": pod = value; break;
                    case "host.name": host = value; break;
                }
            }
        }

        var serviceName = strings.Get(string.IsNullOrWhiteSpace(service) ? "unknown_service" : service);
        return (serviceName, strings.Get(instance ?? pod ?? host ?? serviceName));
    }

    private static LogLevel Severity(JsonElement log)
    {
        if (log.TryGetProperty("severityNumber", out var number))
        {
            var severity = number.ValueKind == JsonValueKind.Number ? number.GetInt32() : SeverityNumberOf(number.GetString());
            if (severity > 0)
            {
                return severity switch
                {
                    <= 8 => LogLevel.Debug,
                    <= 12 => LogLevel.Info,
                    <= 16 => LogLevel.Warn,
                    _ => LogLevel.Error,
                };
            }
        }

        return SeverityText.LevelOf(Text(log, "severityText"));
    }

    /// <summary>The enum spelling some encoders use (<c>SEVERITY_NUMBER_ERROR</c>) as its number's range.</summary>
    private static int SeverityNumberOf(string? name) => name switch
    {
        null => 0,
        _ when name.Contains("FATAL", StringComparison.Ordinal) || name.Contains("ERROR", StringComparison.Ordinal) => 17,
        _ when name.Contains("WARN", StringComparison.Ordinal) => 13,
        _ when name.Contains("INFO", StringComparison.Ordinal) => 9,
        _ when name.Contains("DEBUG", StringComparison.Ordinal) || name.Contains("TRACE", StringComparison.Ordinal) => 5,
        _ => 0,
    };

    private static bool IsCumulative(JsonElement metric) =>
        metric.TryGetProperty("aggregationTemporality", out var temporality)
        && (temporality.ValueKind == JsonValueKind.Number ? temporality.GetInt32() == 2 : temporality.GetString() is "AGGREGATION_TEMPORALITY_CUMULATIVE" or "2");

    private static string SeriesName(string name, JsonElement point)
    {
        var attributes = Array(point, "attributes")
            .Select(attribute => $"{Text(attribute, "key")}={(attribute.TryGetProperty("value", out var value) ? AnyValue(value) : "")}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var series = attributes.Count == 0 ? name : $"{name}{{{string.Join(',', attributes)}}}";
        return series.Length <= MaxSeriesName ? series : series[..MaxSeriesName];
    }

    private static double NumberOf(JsonElement point) =>
        point.TryGetProperty("asDouble", out _) ? Number(point, "asDouble") : Number(point, "asInt");

    /// <summary>OTLP/JSON writes 64-bit integers as strings and doubles as numbers; either is accepted for both.</summary>
    private static double Number(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            return 0;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : double.Parse(value.GetString() ?? "0", NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static long Nanos(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            return 0;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : long.Parse(value.GetString() ?? "0", NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static DateTime Time(long unixNanos) => DateTime.UnixEpoch.AddTicks(unixNanos / 100);

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>OTLP/JSON encodes trace and span ids as hex; an empty id (a root span's parent) is none.</summary>
    private static string? Id(JsonElement element, string property) => Text(element, property) is { Length: > 0 } id ? id.ToLowerInvariant() : null;

    private static string? AnyValue(JsonElement value)
    {
        foreach (var property in value.EnumerateObject())
        {
            return property.Name switch
            {
                "stringValue" => property.Value.GetString(),
                "boolValue" or "intValue" or "doubleValue" => property.Value.ToString(),
                _ => property.Value.GetRawText(),
            };
        }

        return null;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];
}
