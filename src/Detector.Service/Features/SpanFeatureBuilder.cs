using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Span features, one row per span, grouped by (service, operation, caller's operation) (see <see cref="SpanBaselineKey"/>): the robust z of the log duration against the
/// operation's baseline (latencies are close to log-normal), slow side only (a fast span is no symptom), and whether the
/// parent is missing from the run (an orphan). The span's status is deliberately not a column: failed spans are
/// routine (about 1 % of spans), and as a rare near-binary column it made both density models flag every one of them.
/// </summary>
internal static class SpanFeatureBuilder
{
    public const string DurationZ = "span_log_duration_z";
    public const string ParentMissing = "span_parent_missing";

    public static KindFeatureBlock Build(TelemetryColumns columns, TraceLinks links, FeatureOptions options)
    {
        var series = SeriesGrouping.SpanBaselines(columns, links);
        var rows = series.Rows;
        var n = rows.Length;
        var groups = series.Groups;
        var groupCount = series.GroupCount;
        var duration = new double[n];
        for (var i = 0; i < n; i++)
        {
            var value = columns.Values[rows[i]];
            // A zero or negative duration has no log; a floor of 1 µs keeps it finite and extreme rather than dropped.
            duration[i] = double.IsFinite(value) ? Math.Log(Math.Max(value, 1e-3)) : double.NaN;
        }

        GroupedRobustZ.InPlace(duration, groups, groupCount, options.MinSeriesLength);
        var matrix = new double[n * 2];
        for (var i = 0; i < n; i++)
        {
            matrix[i * 2] = GroupedRobustZ.Compress(Math.Max(duration[i], 0));
            matrix[i * 2 + 1] = links.IsOrphan(rows[i]) ? 1 : 0;
        }

        return new KindFeatureBlock(TelemetryKind.Span, new FeatureMatrix(n, [DurationZ, ParentMissing], matrix, groups, groupCount), rows, series.Labels);
    }
}
