using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models.Lstm;

namespace AnomalyPlatform.Detector.Tests.Models.Lstm;

public sealed class ServiceIntervalSeriesTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private static ServiceIntervalSeries Build(IEnumerable<int> minutes, int quietKept)
    {
        var records = minutes
            .Select((minute, id) => new TelemetryRecord(id, Start.AddMinutes(minute), TelemetryKind.Metric, "svc", "svc-1", "cpu_percent", 40 + id))
            .ToList();
        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        return ServiceIntervalSeries.Build(columns, TimeSpan.FromMinutes(1), ServiceIntervalSeries.MetricsOf(columns), quietKept);
    }

    [Fact]
    public void A_quiet_stretch_longer_than_a_window_keeps_one_window_of_it()
    {
        // Three busy minutes, a month of nothing, one more reading.
        var lastMinute = 30 * 24 * 60;

        var series = Build([0, 1, 2, lastMinute], quietKept: 4);

        Assert.Equal(3 + 4 + 1, series.Intervals);
        Assert.Equal(series.Intervals, series.Matrix.Rows);
        var lastRow = series.RecordCell[3];
        Assert.Equal(7, lastRow);
        Assert.Equal(Start.AddMinutes(lastMinute), series.IntervalStart(lastRow));
        Assert.Equal(Start.AddMinutes(6), series.IntervalStart(6));
        Assert.Equal(43, series.Matrix[lastRow, 0]);
        Assert.True(double.IsNaN(series.Matrix[5, 0]), "a kept quiet interval has no reading");
    }

    [Fact]
    public void A_quiet_stretch_no_longer_than_a_window_is_kept_whole()
    {
        var series = Build([0, 5, 6], quietKept: 4);

        Assert.Equal(7, series.Intervals);
        Assert.Equal([0, 5, 6], series.RecordCell);
        Assert.Equal(Start.AddMinutes(5), series.IntervalStart(5));
    }

    [Fact]
    public void Rows_grow_with_the_records_not_with_the_time_they_span()
    {
        // One reading a day for a year: 525,600 minutes, 365 readings.
        var series = Build(Enumerable.Range(0, 365).Select(day => day * 24 * 60), quietKept: 16);

        Assert.Equal(365 + 364 * 16, series.Intervals);
        Assert.Equal(TimeSpan.FromMinutes(1).Ticks, series.IntervalTicks);
    }
}
