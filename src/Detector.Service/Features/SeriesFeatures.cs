using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>Builds the per-record feature matrices of the value-carrying kinds: metric readings and span durations.</summary>
internal static class SeriesFeatures
{
    public const string MetricValue = "value";
    public const string LogDuration = "log_duration_ms";

    /// <summary>One row per metric record; one series per <see cref="SeriesGrouping.MetricSeries"/> (<paramref name="series"/>).</summary>
    public static RecordFeatureSet Metrics(TelemetryColumns columns, SeriesGrouping series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var values = new double[series.Rows.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = columns.Values[series.Rows[i]];
        }

        return new RecordFeatureSet(
            FeatureMatrix.SingleColumn(MetricValue, values, series.Groups, series.GroupCount), series.Rows, series.Labels);
    }

    /// <summary>
    /// One row per span; one baseline per (service, operation, caller's operation) (<see cref="SpanBaselineKey"/>). The feature is the log of the duration: latencies are
    /// right-skewed (close to log-normal), and on the log scale a 5σ rule has the false-alarm rate it promises.
    /// </summary>
    public static RecordFeatureSet SpanDurations(TelemetryColumns columns, TraceLinks links)
    {
        var series = SeriesGrouping.SpanBaselines(columns, links);
        var values = new double[series.Rows.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var duration = columns.Values[series.Rows[i]];
            // A zero or negative duration has no log; a floor of 1 µs keeps it finite and extreme rather than dropped.
            values[i] = double.IsFinite(duration) ? Math.Log(Math.Max(duration, 1e-3)) : double.NaN;
        }

        return new RecordFeatureSet(
            FeatureMatrix.SingleColumn(LogDuration, values, series.Groups, series.GroupCount), series.Rows, series.Labels);
    }
}
