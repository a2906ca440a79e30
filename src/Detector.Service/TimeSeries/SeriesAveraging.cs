using System.Globalization;

namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// A series averaged over fixed intervals of time (each reading into the interval, counted from midnight 1 January 0001,
/// that holds it; one reading per interval, the mean, stamped with the interval's start). The streaming detector counts
/// its lengths in samples and was chosen on series sampled every 5 minutes to an hour, so a per-minute metric averaged
/// to 5 minutes is judged as those were.
/// </summary>
public static class SeriesAveraging
{
    /// <summary>Averages <paramref name="series"/> over intervals of <paramref name="every"/>, in time order.</summary>
    public static UnivariateSeries Average(UnivariateSeries series, TimeSpan every)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        var buckets = new SortedDictionary<long, (double Sum, int Count)>();
        for (var i = 0; i < series.Count; i++)
        {
            var key = series.Timestamps[i].Ticks / every.Ticks;
            buckets.TryGetValue(key, out var bucket);
            buckets[key] = (bucket.Sum + series.Values[i], bucket.Count + 1);
        }

        var times = new DateTime[buckets.Count];
        var values = new double[buckets.Count];
        var j = 0;
        foreach (var (key, (sum, count)) in buckets)
        {
            times[j] = new DateTime(key * every.Ticks, DateTimeKind.Utc);
            values[j] = sum / count;
            j++;
        }

        return new UnivariateSeries(
            series.Source,
            times,
            values,
            [.. times.Select(static t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))],
            [.. values.Select(static v => v.ToString("R", CultureInfo.InvariantCulture))])
        {
            MissingValues = series.MissingValues,
            FirstMissingLines = series.FirstMissingLines,
        };
    }

    /// <summary>
    /// An interval written as a number and a unit, <c>30s</c>, <c>5m</c>, <c>1h</c> or <c>1d</c>; false for anything
    /// else or a length that is not positive.
    /// </summary>
    public static bool TryParseInterval(string? text, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() is not { Length: >= 2 } trimmed)
        {
            return false;
        }

        if (!double.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            || !double.IsFinite(amount) || amount <= 0)
        {
            return false;
        }

        var seconds = char.ToLowerInvariant(trimmed[^1]) switch
        {
            's' => amount,
            'm' => amount * 60,
            'h' => amount * 3600,
            'd' => amount * 86400,
            _ => double.NaN,
        };
        if (!(seconds >= 1) || seconds > TimeSpan.FromDays(3650).TotalSeconds)
        {
            return false;
        }

        interval = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
