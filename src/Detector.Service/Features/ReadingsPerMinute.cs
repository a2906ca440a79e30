namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// How many readings a metric series has per minute it was read in, rounded and at least 1: 4 for a metric scraped
/// every 15 s, 2 every 30 s, 1 for one read once a minute (jitter that now and then puts two scrapes in one minute
/// included) or more slowly. The detector's measures that count readings where they mean time are scaled by it.
/// </summary>
internal static class ReadingsPerMinute
{
    /// <param name="ticks">The time of every row of the columns.</param>
    /// <param name="rows">Maps the indices of <paramref name="members"/> to rows.</param>
    /// <param name="members">The series' readings, in time order.</param>
    public static int Of(ReadOnlySpan<long> ticks, int[] rows, ReadOnlySpan<int> members)
    {
        var minutes = 0;
        var last = long.MinValue;
        foreach (var i in members)
        {
            var minute = ticks[rows[i]] / TimeSpan.TicksPerMinute;
            minutes += minute != last ? 1 : 0;
            last = minute;
        }

        return minutes == 0 ? 1 : Math.Max(1, (int)Math.Round((double)members.Length / minutes));
    }
}
