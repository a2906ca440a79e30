using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models.Lstm;

namespace AnomalyPlatform.Detector.Tests.Models.Lstm;

public sealed class ReadingSpacingTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static TimeSpan SpacingOf(params (string Instance, TimeSpan Every, int Readings)[] series)
    {
        var records = new List<TelemetryRecord>();
        foreach (var (instance, every, readings) in series)
        {
            for (var i = 0; i < readings; i++)
            {
                records.Add(new TelemetryRecord(0, Start + (i * every), TelemetryKind.Metric, "svc", instance, "cpu_percent", 40));
            }
        }

        records.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var columns = new TelemetryColumns();
        columns.Append([.. records.Select((record, id) => record with { RecordId = id })]);
        columns.Seal();
        return ReadingSpacing.Of(columns, SeriesGrouping.MetricSeries(columns), Minute);
    }

    [Fact]
    public void Metrics_read_every_five_minutes_or_every_hour_get_rows_that_wide()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), SpacingOf(("a", TimeSpan.FromMinutes(5), 100)));
        Assert.Equal(TimeSpan.FromHours(1), SpacingOf(("a", TimeSpan.FromHours(1), 100)));
    }

    [Fact]
    public void Metrics_read_every_minute_or_faster_keep_one_minute_rows()
    {
        Assert.Equal(Minute, SpacingOf(("a", Minute, 100)));
        Assert.Equal(Minute, SpacingOf(("a", TimeSpan.FromSeconds(15), 100)));
    }

    [Fact]
    public void The_spacing_most_series_have_wins_over_a_few_read_less_often()
    {
        Assert.Equal(Minute, SpacingOf(("a", Minute, 100), ("b", Minute, 100), ("c", TimeSpan.FromMinutes(30), 10)));
    }

    [Fact]
    public void An_input_without_two_readings_of_a_series_keeps_the_least_interval()
    {
        Assert.Equal(Minute, SpacingOf(("a", Minute, 1)));
    }
}
