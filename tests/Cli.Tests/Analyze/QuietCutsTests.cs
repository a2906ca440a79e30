using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// A user's telemetry longer than a segment is cut at its quiet moments, not in the middle of a busy hour; two
/// recordings an hour or more apart are always cut between, as breaks.
/// </summary>
public sealed class QuietCutsTests
{
    private static readonly DateTime Start = new(2023, 1, 29, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>A record every 15 s, and a pause of <paramref name="pauseMinutes"/> before each record in <paramref name="pausesBefore"/>.</summary>
    private static List<TelemetryRecord> Records(int count, int pauseMinutes, params int[] pausesBefore) => Records(count, TimeSpan.FromSeconds(15), pauseMinutes, pausesBefore);

    private static List<TelemetryRecord> Records(int count, TimeSpan spacing, int pauseMinutes, params int[] pausesBefore)
    {
        var records = new List<TelemetryRecord>(count);
        var at = Start;
        for (var i = 0; i < count; i++)
        {
            at = at.Add(spacing).AddMinutes(pausesBefore.Contains(i) ? pauseMinutes : 0);
            records.Add(new TelemetryRecord(i, at, TelemetryKind.Metric, "cart", "cart-1", "cpu_percent", 1));
        }

        return records;
    }

    [Fact]
    public void Two_days_exported_one_after_the_other_are_cut_between_them_as_a_break()
    {
        // 1,300 records of a day, a night's pause, 900 of the next: segments of at most 1,500.
        var (ends, breaks) = QuietCuts.Of(Records(2_200, pauseMinutes: 600, 1_300), segmentRecords: 1_500);

        Assert.Equal([1_300L, 2_200L], ends);
        Assert.Equal([1_300L], breaks);
    }

    [Fact]
    public void Two_recordings_that_fit_in_one_segment_are_still_two_segments()
    {
        // 300 records (75 minutes), an hour without any, 400 more: one segment could hold both.
        var (ends, breaks) = QuietCuts.Of(Records(700, pauseMinutes: 60, 300), segmentRecords: 1_000);

        Assert.Equal([300L, 700L], ends);
        Assert.Equal([300L], breaks);
    }

    [Fact]
    public void A_recording_break_in_the_first_half_of_a_segment_ends_it_there()
    {
        // A day of 300 records, a night, then 1,700 records evenly spread.
        var (ends, breaks) = QuietCuts.Of(Records(2_000, pauseMinutes: 600, 300), segmentRecords: 1_000);

        Assert.Equal([300L, 1_300L, 2_000L], ends);
        Assert.Equal([300L], breaks);
    }

    [Fact]
    public void Readings_an_hour_or_more_apart_are_one_recording_not_one_each()
    {
        // Hourly readings: every one stands alone between pauses of an hour, none a recording of its own.
        var (ends, breaks) = QuietCuts.Of(Records(500, TimeSpan.FromHours(1), pauseMinutes: 0), segmentRecords: 1_000);

        Assert.Equal([500L], ends);
        Assert.Empty(breaks);
    }

    [Fact]
    public void A_pause_shorter_than_an_hour_is_no_break()
    {
        var (ends, breaks) = QuietCuts.Of(Records(700, pauseMinutes: 59, 300), segmentRecords: 1_000);

        Assert.Equal([700L], ends);
        Assert.Empty(breaks);
    }

    [Fact]
    public void Every_segment_ends_at_the_longest_pause_of_its_second_half_and_none_is_longer_than_a_segment()
    {
        // Pauses at 300 (first half of the first segment: too early), 800 and 1,700.
        var (ends, breaks) = QuietCuts.Of(Records(2_600, pauseMinutes: 5, 300, 800, 1_700), segmentRecords: 1_000);

        Assert.Equal([800L, 1_700L, 2_600L], ends);
        Assert.Empty(breaks);
    }

    [Fact]
    public void Evenly_spread_records_are_cut_at_the_full_length_of_a_segment()
    {
        Assert.Equal([1_000L, 2_000L, 2_500L], QuietCuts.Of(Records(2_500, pauseMinutes: 0), segmentRecords: 1_000).Ends);
    }

    [Fact]
    public void Telemetry_no_longer_than_a_segment_is_one_segment()
    {
        Assert.Equal([1_000L], QuietCuts.Of(Records(1_000, pauseMinutes: 5, 500), segmentRecords: 1_000).Ends);
    }
}
