namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>One service's counts of one signal (a log template cluster, a call pattern, all lines), minute by minute, with prefix sums for window queries.</summary>
internal sealed class CountSeries
{
    private readonly long[] _minutes;
    private readonly long[] _before;

    public CountSeries(string service, List<(long Minute, int Count)> readings)
    {
        Service = service;
        var (minutes, counts) = MinuteSeries.Collapse(readings, static (a, b) => a + b);
        _minutes = minutes;
        // _before[i]: the count in the minutes before the i-th.
        _before = new long[counts.Length + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            _before[i + 1] = _before[i] + counts[i];
        }
    }

    public string Service { get; }

    public long Total => _before[^1];

    /// <summary>The count in the minutes from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    public long CountIn(long from, long to)
    {
        var (lo, hi) = MinuteSeries.Range(_minutes, from, to);
        return _before[hi] - _before[lo];
    }
}
