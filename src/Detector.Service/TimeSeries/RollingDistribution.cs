namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// The last <c>capacity</c> values of a stream, kept both in arrival order (to know which one leaves) and sorted (for
/// exact quantiles and ranks). Each addition moves at most <c>capacity</c> doubles in one block copy, which for the
/// histories used here (a few thousand points) is cheaper than re-sorting a snapshot and is exact at every point.
/// </summary>
internal sealed class RollingDistribution
{
    private readonly double[] _ring;
    private readonly double[] _sorted;
    private int _count;
    private int _next;

    public RollingDistribution(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new double[capacity];
        _sorted = new double[capacity];
    }

    public int Count => _count;

    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            // A NaN has no rank; treating it as the smallest value keeps the order total and the upper ranks honest.
            value = double.NegativeInfinity;
        }

        if (_count == _ring.Length)
        {
            Remove(_ring[_next]);
        }

        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        Insert(value);
    }

    public void Clear()
    {
        _count = 0;
        _next = 0;
    }

    /// <summary>The <paramref name="q"/>-quantile (nearest rank below) of the held values; 0 when empty.</summary>
    public double Quantile(double q)
    {
        if (_count == 0)
        {
            return 0.0;
        }

        var index = (int)Math.Floor(q * (_count - 1));
        return _sorted[Math.Clamp(index, 0, _count - 1)];
    }

    /// <summary>The <paramref name="rank"/>-th largest held value (1 = the maximum; the minimum when fewer are held); 0 when empty.</summary>
    public double Largest(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        return _count == 0 ? 0.0 : _sorted[Math.Max(0, _count - rank)];
    }

    private void Insert(double value)
    {
        var index = _sorted.AsSpan(0, _count).BinarySearch(value);
        if (index < 0)
        {
            index = ~index;
        }

        Array.Copy(_sorted, index, _sorted, index + 1, _count - index);
        _sorted[index] = value;
        _count++;
    }

    private void Remove(double value)
    {
        var index = _sorted.AsSpan(0, _count).BinarySearch(value);
        Array.Copy(_sorted, index + 1, _sorted, index, _count - index - 1);
        _count--;
    }
}
