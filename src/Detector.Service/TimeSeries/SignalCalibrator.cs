namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// Turns one raw deviation signal into a unit-free ratio: the new value over the signal's own k-th largest past value,
/// with k = <c>rankScale</c> x the square root of the history's length. A ratio above 1 means "larger than nearly
/// everything this series has done", whatever its scale or noise. Values join the reference history only <c>delay</c>
/// points after they are seen, so the first points of an anomaly do not raise the bar against which the rest of it is
/// judged.
/// </summary>
internal sealed class SignalCalibrator
{
    private readonly RollingDistribution _history;
    private readonly ValueHistory _pending;
    private readonly double _rankScale;
    private readonly int _minimumHistory;

    public SignalCalibrator(int historyLength, double rankScale, int minimumHistory, int delay = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rankScale);
        _history = new RollingDistribution(historyLength);
        _pending = new ValueHistory(Math.Max(1, delay));
        _rankScale = rankScale;
        _minimumHistory = minimumHistory;
        Delay = delay;
    }

    private int Delay { get; }

    /// <summary>Whether the history is long enough for <see cref="Next"/> to give a ratio (before that it gives 0).</summary>
    public bool IsCalibrated => _history.Count >= _minimumHistory;

    /// <summary>The rank of the past value a new one is compared with (1 = the largest).</summary>
    internal int ReferenceRank => Math.Max(MinimumRank, (int)Math.Round(_rankScale * Math.Sqrt(_history.Count)));

    /// <summary>
    /// The shallowest rank the bar may sit at, whatever the history's length (1 by default). A signal computed over a
    /// window of w points puts one event into w consecutive values; at a rank of at least w + 1 no single event can
    /// set the bar alone.
    /// </summary>
    public int MinimumRank { get; init; } = 1;

    public void Clear()
    {
        _history.Clear();
        _pending.Clear();
    }

    /// <summary>The ratio for <paramref name="signal"/> (0 while the history is short), then queues it for the history.</summary>
    public double Next(double signal, double floor)
    {
        // A rank growing as the square root of the history sits between a fixed rank (which, on a long history, lets
        // through ever rarer events only) and a fixed quantile (which, on a long history, tolerates hundreds of past
        // excursions): short and long series get a comparable bar with one setting.
        var ratio = IsCalibrated ? signal / (_history.Largest(ReferenceRank) + floor) : 0.0;
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
}
