namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// A run's per-minute readings of one service's one signal (a log template's count, a metric's peak), gathered as
/// segments arrive, in any order, a minute possibly twice where two segments meet: sorted and folded once the run is
/// complete, then asked for windows of minutes by binary search.
/// </summary>
internal static class MinuteSeries
{
    public static long MinuteOf(DateTime time) => time.Ticks / TimeSpan.TicksPerMinute;

    /// <summary>The start of <paramref name="minute"/> (<see cref="MinuteOf"/>'s inverse), in UTC.</summary>
    public static DateTime StartOf(long minute) => new(minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    /// <summary>Sorts <paramref name="readings"/> by minute and folds those of one minute with <paramref name="combine"/>.</summary>
    public static (long[] Minutes, T[] Values) Collapse<T>(List<(long Minute, T Value)> readings, Func<T, T, T> combine)
    {
        readings.Sort(static (a, b) => a.Minute.CompareTo(b.Minute));
        var minutes = new List<long>(readings.Count);
        var values = new List<T>(readings.Count);
        foreach (var (minute, value) in readings)
        {
            if (minutes.Count > 0 && minutes[^1] == minute)
            {
                values[^1] = combine(values[^1], value);
            }
            else
            {
                minutes.Add(minute);
                values.Add(value);
            }
        }

        return ([.. minutes], [.. values]);
    }

    /// <summary>The indices [Lo, Hi) of <paramref name="minutes"/> (sorted) from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    public static (int Lo, int Hi) Range(long[] minutes, long from, long to) => (LowerBound(minutes, from), LowerBound(minutes, to + 1));

    private static int LowerBound(long[] minutes, long value)
    {
        var index = Array.BinarySearch(minutes, value);
        return index >= 0 ? index : ~index;
    }
}

/// <summary>Readings per key (a service and its signal), gathered segment by segment for <see cref="MinuteSeries"/>.</summary>
internal sealed class MinuteCells<TKey, T>
    where TKey : notnull
{
    public Dictionary<TKey, List<(long Minute, T Value)>> Cells { get; } = [];

    public void Add(TKey key, DateTime minute, T value)
    {
        if (!Cells.TryGetValue(key, out var readings))
        {
            Cells[key] = readings = [];
        }

        readings.Add((MinuteSeries.MinuteOf(minute), value));
    }
}
