using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// How often the metrics are read: the median, over the metric series (service, instance, metric), of the median time
/// between a series' consecutive readings, in whole minutes and at least one. The LSTM's interval follows it, so that a
/// series read every five minutes or every hour fills its rows instead of leaving four or fifty-nine of every five or
/// sixty empty.
/// </summary>
internal static class ReadingSpacing
{
    /// <summary>The spacing of the readings of <paramref name="grouping"/> (<see cref="SeriesGrouping.MetricSeries"/> of <paramref name="columns"/>).</summary>
    public static TimeSpan Of(TelemetryColumns columns, SeriesGrouping grouping, TimeSpan least)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(grouping);
        var ticks = columns.Ticks;
        var last = new long[grouping.GroupCount];
        Array.Fill(last, long.MinValue);
        var gaps = new List<long>[grouping.GroupCount];
        for (var i = 0; i < grouping.Rows.Length; i++)
        {
            var group = grouping.Groups[i];
            var at = ticks[grouping.Rows[i]];
            if (last[group] != long.MinValue && at > last[group])
            {
                (gaps[group] ??= []).Add(at - last[group]);
            }

            last[group] = Math.Max(last[group], at);
        }

        var medians = new List<long>();
        foreach (var series in gaps)
        {
            if (series is { Count: > 0 })
            {
                series.Sort();
                medians.Add(series[series.Count / 2]);
            }
        }

        if (medians.Count == 0)
        {
            return least;
        }

        medians.Sort();
        var minutes = Math.Max(1, (long)Math.Round((double)medians[medians.Count / 2] / least.Ticks));
        return TimeSpan.FromTicks(minutes * least.Ticks);
    }
}
