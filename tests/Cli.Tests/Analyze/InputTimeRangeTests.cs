using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Which records lie so far from the rest in time that analysing them with it would stretch it over years.</summary>
public sealed class InputTimeRangeTests
{
    private static readonly DateTime Noon = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_record_cut_off_from_the_rest_by_years_is_far()
    {
        var records = Minutes(Noon, 200, perMinute: 10);
        records.Insert(0, Record(DateTime.UnixEpoch));
        records.Add(Record(Noon.AddYears(1)));

        var range = InputTimeRange.Of(records)!;

        Assert.Equal(2, range.Far);
        Assert.Equal((Noon, Noon.AddMinutes(199)), (range.BulkFrom, range.BulkTo));
        Assert.Equal([DateTime.UnixEpoch, Noon.AddYears(1)], range.FarExamples.Select(r => r.Timestamp));
    }

    [Fact]
    public void Hours_of_sparse_records_that_follow_the_dense_ones_minute_after_minute_are_not_far()
    {
        // Traces and logs until noon, then the metrics alone until midnight: most records lie in the morning, and the
        // evening is beyond the fence, but nothing cuts it off.
        var records = Minutes(Noon.AddHours(-4), 240, perMinute: 200);
        records.AddRange(Minutes(Noon, 720, perMinute: 2));

        var range = InputTimeRange.Of(records)!;

        Assert.Equal(0, range.Far);
        Assert.Equal(records[^1].Timestamp, range.BulkTo);
    }

    private static List<TelemetryRecord> Minutes(DateTime from, int minutes, int perMinute)
    {
        var records = new List<TelemetryRecord>(minutes * perMinute);
        for (var m = 0; m < minutes; m++)
        {
            for (var i = 0; i < perMinute; i++)
            {
                records.Add(Record(from.AddMinutes(m)));
            }
        }

        return records;
    }

    private static TelemetryRecord Record(DateTime time) => new(-1, time, TelemetryKind.Metric, "cart", "cart-1", "cpu_percent", 1);
}
