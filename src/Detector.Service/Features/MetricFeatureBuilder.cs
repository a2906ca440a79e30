using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Metric features, one row per reading, grouped by series (service, instance and the instances that replaced it,
/// metric): the reading's robust z against its series, the robust z of its change from the previous readings (the
/// smaller of the changes from the last two, so the return from a one-off spike is not a jump), and the robust z of its
/// residual against a robust EWMA of the series (a level that follows daily cycles and slow trends; readings beyond 3
/// robust σ do not move it). All three are compressed with <see cref="GroupedRobustZ.Compress"/>. A fourth column is
/// the effect size, ln(|x| / |level|) against that EWMA level: a statistically clear but small wiggle (a 20 % traffic
/// surge on a very regular series) is not a spike, a doubling is.
/// </summary>
internal static class MetricFeatureBuilder
{
    public const string ValueZ = "metric_value_z";
    public const string DeltaZ = "metric_delta_z";
    public const string EwmaZ = "metric_ewma_z";
    public const string LogRatio = "metric_log_ratio_to_level";

    /// <summary>The features of the readings of <paramref name="series"/> (<see cref="SeriesGrouping.MetricSeries"/> of <paramref name="columns"/>).</summary>
    public static KindFeatureBlock Build(TelemetryColumns columns, SeriesGrouping series, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        var rows = series.Rows;
        var n = rows.Length;
        var groups = series.Groups;
        var groupCount = series.GroupCount;
        var value = new double[n];
        var delta = new double[n];
        var ewma = new double[n];
        var ratio = new double[n];
        var index = GroupIndex.Build(groups, groupCount);
        var scratch = new double[Math.Max(1, n)];
        for (var group = 0; group < groupCount; group++)
        {
            var members = index.RowsOf(group);
            double previous = double.NaN, beforePrevious = double.NaN;
            foreach (var i in members)
            {
                var x = columns.Values[rows[i]];
                value[i] = x;
                delta[i] = SmallerChange(x - previous, x - beforePrevious);
                beforePrevious = previous;
                previous = x;
            }

            EwmaResiduals(value, members, ReadingsPerMinute.Of(columns.Ticks, rows, members), options, scratch, ewma, ratio);
        }

        GroupedRobustZ.InPlace(value, groups, groupCount, options.MinSeriesLength);
        GroupedRobustZ.InPlace(delta, groups, groupCount, options.MinSeriesLength);
        GroupedRobustZ.InPlace(ewma, groups, groupCount, options.MinSeriesLength);
        const int width = 4;
        var matrix = new double[n * width];
        for (var i = 0; i < n; i++)
        {
            matrix[i * width] = GroupedRobustZ.Compress(value[i]);
            matrix[i * width + 1] = GroupedRobustZ.Compress(delta[i]);
            matrix[i * width + 2] = GroupedRobustZ.Compress(ewma[i]);
            matrix[i * width + 3] = ratio[i];
        }

        return new KindFeatureBlock(
            TelemetryKind.Metric, new FeatureMatrix(n, [ValueZ, DeltaZ, EwmaZ, LogRatio], matrix, groups, groupCount), rows, series.Labels);
    }

    /// <summary>
    /// The change with the smaller magnitude (NaN ones ignored): a reading is a jump only if it differs from both of the
    /// two readings before it, so the reading after a one-off spike (a drop back to normal) is not itself a jump.
    /// </summary>
    private static double SmallerChange(double fromPrevious, double fromBeforePrevious)
    {
        if (double.IsNaN(fromBeforePrevious))
        {
            return fromPrevious;
        }

        return Math.Abs(fromPrevious) <= Math.Abs(fromBeforePrevious) ? fromPrevious : fromBeforePrevious;
    }

    /// <summary>
    /// x_t − level_{t−1} and ln(|x_t| / |level_{t−1}|) for one series; the level starts at the median, and readings
    /// beyond ±3 robust σ do not update it, so an anomalous episode leaves the level where it was. The level moves by
    /// <see cref="FeatureOptions.EwmaAlpha"/> a minute, whatever the series' scrape: a series read
    /// <paramref name="perMinute"/> times a minute moves by the share that, repeated, makes that. At a fixed share per
    /// reading a metric scraped every 15 s would close on each new level four times as fast, its residuals would be
    /// nearly all 0, and their robust scale (the z this feature is measured in) would collapse, so that every later
    /// change of the series looked thousands of σ out.
    /// </summary>
    private static void EwmaResiduals(
        double[] values, ReadOnlySpan<int> members, int perMinute, FeatureOptions options, double[] scratch, double[] residuals, double[] ratios)
    {
        var alpha = perMinute == 1 ? options.EwmaAlpha : 1 - Math.Pow(1 - options.EwmaAlpha, 1.0 / perMinute);
        var count = 0;
        foreach (var i in members)
        {
            if (double.IsFinite(values[i]))
            {
                scratch[count++] = values[i];
            }
        }

        if (count < options.MinSeriesLength)
        {
            foreach (var i in members)
            {
                residuals[i] = double.NaN;
            }

            return;
        }

        var (level, scale) = RobustStatistics.MedianAndScale(scratch.AsSpan(0, count));
        var clip = 3.0 * scale;
        // Keeps the ratio finite for series that sit at zero; far below any reading that matters.
        var floor = Math.Max(1e-9, 1e-3 * Math.Abs(level));
        foreach (var i in members)
        {
            var x = values[i];
            if (!double.IsFinite(x))
            {
                residuals[i] = double.NaN;
                continue;
            }

            var residual = x - level;
            residuals[i] = residual;
            ratios[i] = Math.Log((Math.Abs(x) + floor) / (Math.Abs(level) + floor));
            if (Math.Abs(residual) <= clip)
            {
                level += alpha * residual;
            }
        }
    }
}
