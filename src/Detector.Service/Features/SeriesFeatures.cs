using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>Builds the per-record feature matrices of the value-carrying kinds: metric readings and span durations.</summary>
internal static class SeriesFeatures
{
    public const string MetricValue = "value";
    public const string LogDuration = "log_duration_ms";

    /// <summary>One row per metric record; one series per (service, instance, metric).</summary>
    public static RecordFeatureSet Metrics(TelemetryColumns columns)
    {
        var keys = new Dictionary<(int Service, int Instance, int Name), int>();
        var labels = new List<string>();
        var rows = new List<int>();
        var groups = new List<int>();
        var values = new List<double>();
        var kinds = columns.Kinds;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] != (byte)TelemetryKind.Metric)
            {
                continue;
            }

            var key = (columns.ServiceIds[row], columns.InstanceIds[row], columns.NameIds[row]);
            if (!keys.TryGetValue(key, out var group))
            {
                group = keys.Count;
                keys.Add(key, group);
                labels.Add($"{columns.ServiceAt(row)}/{columns.InstanceAt(row)} {columns.NameAt(row)}");
            }

            rows.Add(row);
            groups.Add(group);
            values.Add(columns.Values[row]);
        }

        return new RecordFeatureSet(
            FeatureMatrix.SingleColumn(MetricValue, [.. values], [.. groups], Math.Max(1, keys.Count)), [.. rows], [.. labels]);
    }

    /// <summary>
    /// One row per span; one baseline per (service, operation, caller's operation) (<see cref="SpanBaselineKey"/>). The feature is the log of the duration: latencies are
    /// right-skewed (close to log-normal), and on the log scale a 5σ rule has the false-alarm rate it promises.
    /// </summary>
    public static RecordFeatureSet SpanDurations(TelemetryColumns columns, TraceLinks links)
    {
        var keys = new Dictionary<(int Service, int Name, int CallerName), int>();
        var labels = new List<string>();
        var rows = new List<int>();
        var groups = new List<int>();
        var values = new List<double>();
        var kinds = columns.Kinds;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] != (byte)TelemetryKind.Span)
            {
                continue;
            }

            var key = SpanBaselineKey.Of(columns, links, row);
            if (!keys.TryGetValue(key, out var group))
            {
                group = keys.Count;
                keys.Add(key, group);
                labels.Add(SpanBaselineKey.Label(columns, key));
            }

            var duration = columns.Values[row];
            rows.Add(row);
            groups.Add(group);
            // A zero or negative duration has no log; a floor of 1 µs keeps it finite and extreme rather than dropped.
            values.Add(double.IsFinite(duration) ? Math.Log(Math.Max(duration, 1e-3)) : double.NaN);
        }

        return new RecordFeatureSet(
            FeatureMatrix.SingleColumn(LogDuration, [.. values], [.. groups], Math.Max(1, keys.Count)), [.. rows], [.. labels]);
    }
}
