using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads what the OpenTelemetry Collector's file exporter writes: JSON lines, each an OTLP
/// <c>ExportTraceServiceRequest</c>, <c>ExportLogsServiceRequest</c> or <c>ExportMetricsServiceRequest</c> in the
/// OTLP/JSON encoding (plain or gzip), or a JSON array of them on a line; requests spread over many lines (pretty-printed)
/// are read too (<see cref="JsonValues"/>). Resource <c>service.name</c> names the
/// service and its replica attributes (<see cref="OtlpValues.Origin"/>: <c>service.instance.id</c>, a pod, an ECS task, ...) the instance. Spans keep
/// their name, duration, ids and status (code 2 is ERROR); log records their severity and body; gauge and sum points
/// become metric readings (a monotonic cumulative sum as the increase since its previous point), histograms their
/// count and mean per interval. A point's attributes, when it has any, join its metric name
/// (<c>http.server.duration{route=/cart}</c>), so that series stay apart. A span's <c>exception</c> events are the
/// exceptions it records (<see cref="SpanExceptions"/>). What cannot be a record is rejected one
/// record at a time where it can be (<see cref="OtlpRequestReader"/>), else one line with the records it held.
/// </summary>
internal static class OtlpJsonReader
{
    private static readonly string[] SignalKeys = ["\"resourceSpans\"", "\"resourceLogs\"", "\"resourceMetrics\""];

    // OTLP/JSON: "The keys of JSON objects are field names converted to lowerCamelCase. Original field names are not
    // valid to use as keys" (OTLP specification, JSON Protobuf Encoding), so a file written with them is not OTLP/JSON.
    private static readonly string[] ProtobufFieldNames = ["\"resource_spans\"", "\"resource_logs\"", "\"resource_metrics\""];

    /// <summary>
    /// Whether the file starts like OTLP JSON (an object, or an array of objects, naming resource spans, logs or
    /// metrics). JSON that is not OTLP/JSON (snake_case keys, another document) is refused here with what to do, rather
    /// than read as CSV.
    /// </summary>
    /// <param name="start">The first line, or, where a request spreads over lines, the first lines.</param>
    public static bool LooksLikeOtlp(string path, string start)
    {
        var text = start.TrimStart();
        if (!text.StartsWith('{') && !text.StartsWith('['))
        {
            return false;
        }

        // Grafana Tempo names a trace's resource spans "batches".
        if (SignalKeys.Any(key => text.Contains(key, StringComparison.Ordinal))
            || (text.Contains("\"batches\"", StringComparison.Ordinal) && text.Contains("Spans\"", StringComparison.Ordinal)))
        {
            return true;
        }

        if (ProtobufFieldNames.Any(key => text.Contains(key, StringComparison.Ordinal)))
        {
            throw new InputFileException(path,
                "it holds OTLP written with protobuf's field names (resource_spans); OTLP/JSON spells its keys in lowerCamelCase (resourceSpans, scopeSpans, startTimeUnixNano), as the Collector's file exporter writes them, and the OTLP specification allows no other spelling");
        }

        throw new InputFileException(path,
            "it starts with JSON of no kind analyze reads: OTLP export requests (resourceSpans, resourceLogs or resourceMetrics, as the Collector's file exporter writes them), Jaeger's or Zipkin's traces, X-Ray's traces or segment documents, CloudWatch Logs' events or Logs Insights results, or Prometheus' or Loki's query answers (README, \"Your own telemetry\")");
    }

    /// <param name="spread">Whether the requests spread over many lines rather than one a line (<see cref="JsonValues"/>).</param>
    /// <param name="pending">
    /// Where the cumulative points go, for the caller to turn into increases once every file is read (a Collector's
    /// rotated files continue each other's series), and the exceptions the spans record (<see cref="SpanExceptions"/>).
    /// </param>
    public static void Read(
        string path, Stream stream, bool spread, List<TelemetryRecord> records, StringPool strings, InputRejects rejects, PendingRecords pending,
        CancellationToken cancellationToken)
    {
        var requests = new OtlpRequestReader(strings);
        JsonValues.Each(path, stream, spread, rejects, (line, value) => ReadLine(path, line, value, requests, records, pending, rejects), cancellationToken);
    }

    /// <summary>One line (or request spread over lines, named by its first): its records, each bad one rejected on its own, or, when the line is not the OTLP shape, none of them, counted.</summary>
    private static void ReadLine(
        string path, long lineNumber, JsonElement root, OtlpRequestReader requests, List<TelemetryRecord> records, PendingRecords pending, InputRejects rejects)
    {
        try
        {
            var known = root.ValueKind switch
            {
                JsonValueKind.Object => requests.Read(root, ""),
                JsonValueKind.Array => ReadArray(root, requests),
                _ => false,
            };
            if (!known)
            {
                requests.Discard();
                var snakeCase = root.ValueKind == JsonValueKind.Object
                    && (root.TryGetProperty("resource_spans", out _) || root.TryGetProperty("resource_logs", out _) || root.TryGetProperty("resource_metrics", out _));
                rejects.AddUncounted(path, lineNumber, "line", snakeCase
                    ? "spells its keys with protobuf's field names (resource_spans), which OTLP/JSON does not allow (resourceSpans)"
                    : "is JSON but holds no resourceSpans, resourceLogs or resourceMetrics");
                return;
            }

            requests.Commit(path, lineNumber, records, pending, rejects);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException)
        {
            requests.Discard();
            var held = OtlpRecordCount.Of(root);
            rejects.Add(path, lineNumber, "line",
                $"does not have the OTLP shape ({UntrustedText.Cut(ex.Message)}): all {held:N0} spans, log records and metric points on it are left out", Math.Max(held, 1));
        }
    }

    private static bool ReadArray(JsonElement root, OtlpRequestReader requests)
    {
        var known = false;
        var index = 0;
        foreach (var request in root.EnumerateArray())
        {
            known |= request.ValueKind == JsonValueKind.Object
                ? requests.Read(request, $"[{index}].")
                : throw new InvalidOperationException($"item {index} of the array is not an export request");
            index++;
        }

        return known;
    }
}
