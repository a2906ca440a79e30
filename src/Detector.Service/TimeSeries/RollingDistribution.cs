namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// The last <c>capacity</c> values of a stream and their quantiles. The sorted snapshot behind <see cref="Quantile"/>
/// is refreshed every <c>refreshEvery</c> additions (every addition while the history is short), which keeps the
/// cost per point near O(capacity · log capacity / refreshEvery) and the result deterministic.
/// </summary>
internal sealed class RollingDistribution
{
    private readonly double[] _ring;
    private readonly double[] _sorted;
    private readonly int _refreshEvery;
    private int _count;
    private int _next;
    private int _sortedCount;
    private int _sinceRefresh;

    public RollingDistribution(int capacity, int refreshEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(refreshEvery, 1);
        _ring = new double[capacity];
        _sorted = new double[capacity];
        _refreshEvery = refreshEvery;
    }

    public int Count => _count;

    public void Add(double value)
    {
        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        _count = Math.Min(_count + 1, _ring.Length);
        _sinceRefresh++;
    }

    public void Clear()
    {
        _count = 0;
        _next = 0;
        _sortedCount = 0;
        _sinceRefresh = 0;
    }

    /// <summary>The <paramref name="q"/>-quantile (nearest rank below) of the held values; 0 when empty.</summary>
    public double Quantile(double q)
    {
        if (_count == 0)
        {
            return 0.0;
        }

        if (_sortedCount == 0 || _sinceRefresh >= _refreshEvery || _count < 4 * _refreshEvery && _sinceRefresh > 0)
        {
            Array.Copy(_ring, _sorted, _count);
            _sorted.AsSpan(0, _count).Sort();
            _sortedCount = _count;
            _sinceRefresh = 0;
        }

        var index = (int)Math.Floor(q * (_sortedCount - 1));
        return _sorted[Math.Clamp(index, 0, _sortedCount - 1)];
    }
}
