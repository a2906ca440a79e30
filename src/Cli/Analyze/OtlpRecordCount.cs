using System.Text.Json;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// How many spans, log records and metric points an OTLP line holds, counted without trusting its shape: a line that
/// cannot be read is left out whole, and the user is told how much that lost.
/// </summary>
internal static class OtlpRecordCount
{
    private static readonly string[] MetricData = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"];

    public static long Of(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root.EnumerateArray().Sum(Of);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        if (root.TryGetProperty("trace", out var trace) && trace.ValueKind == JsonValueKind.Object)
        {
            return Of(trace);
        }

        long count = 0;
        foreach (var resource in Items(root, "resourceSpans").Concat(Items(root, "batches")))
        {
            count += Scopes(resource, "Spans").Sum(scope => Items(scope, "spans").LongCount());
        }

        foreach (var resource in Items(root, "resourceLogs"))
        {
            count += Scopes(resource, "Logs").Sum(scope => Items(scope, "logRecords").LongCount());
        }

        foreach (var resource in Items(root, "resourceMetrics"))
        {
            foreach (var metric in Scopes(resource, "Metrics").SelectMany(scope => Items(scope, "metrics")))
            {
                count += MetricData.Sum(kind => metric.ValueKind == JsonValueKind.Object && metric.TryGetProperty(kind, out var data) ? Items(data, "dataPoints").LongCount() : 0);
            }
        }

        return count;
    }

    /// <summary>The scopes of one signal, under today's name or the one before OTLP 0.15 (<c>instrumentationLibrarySpans</c>).</summary>
    private static IEnumerable<JsonElement> Scopes(JsonElement resource, string signal) =>
        Items(resource, "scope" + signal).Concat(Items(resource, "instrumentationLibrary" + signal));

    private static IEnumerable<JsonElement> Items(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];
}
