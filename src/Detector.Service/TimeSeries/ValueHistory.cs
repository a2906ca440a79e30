namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>A ring of the most recent raw values, addressed by lag (0 = the newest).</summary>
internal sealed class ValueHistory(int capacity)
{
    private readonly double[] _ring = new double[capacity];
    private int _next;

    public int Count { get; private set; }

    public int Capacity => _ring.Length;

    public void Add(double value)
    {
        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        Count = Math.Min(Count + 1, _ring.Length);
    }

    public void Clear()
    {
        _next = 0;
        Count = 0;
    }

    public double this[int lag]
    {
        get
        {
            // lag is below the capacity, so one wrap at most: no division on a path taken several times a point.
            var at = _next - 1 - lag;
            return _ring[at < 0 ? at + _ring.Length : at];
        }
    }
}
