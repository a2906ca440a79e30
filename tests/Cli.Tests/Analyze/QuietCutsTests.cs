using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A user's telemetry longer than a segment is cut at its quiet moments, not in the middle of a busy hour.</summary>
public sealed class QuietCutsTests
{
    private static readonly DateTime Start = new(2023, 1, 29, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>A record a second, and a pause of <paramref name="pauseMinutes"/> before each record in <paramref name="pausesBefore"/>.</summary>
    private static List<TelemetryRecord> Records(int count, int pauseMinutes, params int[] pausesBefore)
    {
        var records = new List<TelemetryRecord>(count);
        var at = Start;
        for (var i = 0; i < count; i++)
        {
            at = at.AddSeconds(1).AddMinutes(pausesBefore.Contains(i) ? pauseMinutes : 0);
            records.Add(new TelemetryRecord(i, at, TelemetryKind.Metric, "cart", "cart-1", "cpu_percent", 1));
        }

        return records;
    }

    [Fact]
    public void Two_days_exported_one_after_the_other_are_cut_between_them()
    {
        // 1,300 records of a day, a night's pause, 900 of the next: segments of at most 1,500.
        var cuts = QuietCuts.Of(Records(2_200, pauseMinutes: 600, 1_300), segmentRecords: 1_500);

        Assert.Equal([1_300L, 2_200L], cuts);
    }

    [Fact]
    public void Every_segment_ends_at_the_longest_pause_of_its_second_half_and_none_is_longer_than_a_segment()
    {
        // Pauses at 300 (first half of the first segment: too early), 800 and 1,700.
        var cuts = QuietCuts.Of(Records(2_600, pauseMinutes: 5, 300, 800, 1_700), segmentRecords: 1_000);

        Assert.Equal([800L, 1_700L, 2_600L], cuts);
    }

    [Fact]
    public void Evenly_spread_records_are_cut_at_the_full_length_of_a_segment()
    {
        Assert.Equal([1_000L, 2_000L, 2_500L], QuietCuts.Of(Records(2_500, pauseMinutes: 0), segmentRecords: 1_000));
    }

    [Fact]
    public void Telemetry_no_longer_than_a_segment_is_one_segment()
    {
        Assert.Equal([1_000L], QuietCuts.Of(Records(1_000, pauseMinutes: 5, 500), segmentRecords: 1_000));
    }
}
