namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// Turns one raw deviation signal into a unit-free ratio: the new value over a reference taken from the signal's own
/// past — a high quantile, or the <c>topRank</c>-th largest past value, whichever is larger. A ratio above 1 means
/// "larger than nearly everything this series has done", whatever its scale or noise. Values join the reference
/// history only <c>delay</c> points after they are seen, so the first points of an anomaly do not raise the bar
/// against which the rest of it is judged.
/// </summary>
internal sealed class SignalCalibrator
{
    private readonly RollingDistribution _history;
    private readonly ValueHistory _pending;
    private readonly double _quantile;
    private readonly int _topRank;
    private readonly int _minimumHistory;

    public SignalCalibrator(int historyLength, double quantile, int topRank, int minimumHistory, int delay = 0)
    {
        _history = new RollingDistribution(historyLength);
        _pending = new ValueHistory(Math.Max(1, delay));
        _quantile = quantile;
        _topRank = topRank;
        _minimumHistory = minimumHistory;
        Delay = delay;
    }

    private int Delay { get; }

    public void Clear()
    {
        _history.Clear();
        _pending.Clear();
    }

    /// <summary>The ratio for <paramref name="signal"/> (0 while the history is short), then queues it for the history.</summary>
    public double Next(double signal, double floor)
    {
        var ratio = _history.Count >= _minimumHistory ? signal / (Reference() + floor) : 0.0;
        if (Delay == 0)
        {
            _history.Add(signal);
            return ratio;
        }

        if (_pending.Count == Delay)
        {
            _history.Add(_pending[Delay - 1]);
        }

        _pending.Add(signal);
        return ratio;
    }

    private double Reference()
    {
        var reference = _quantile > 0 ? _history.Quantile(_quantile) : 0.0;
        // A fixed rank adapts to the history's length: with a long history it sits above any fixed quantile's count
        // of past excursions, so a series that had 10 big spikes is not alarmed by the 11th of the same size.
        return _topRank > 0 ? Math.Max(reference, _history.Largest(_topRank)) : reference;
    }
}
