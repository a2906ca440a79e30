namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// Turns one raw deviation signal into a unit-free ratio: the new value over a high quantile of the signal's own past
/// values. A ratio above 1 means "larger than nearly everything this series has done", whatever its scale or noise.
/// </summary>
internal sealed class SignalCalibrator(int historyLength, double quantile, int minimumHistory)
{
    private readonly RollingDistribution _history = new(historyLength, refreshEvery: 16);

    public void Clear() => _history.Clear();

    /// <summary>The ratio for <paramref name="signal"/> (0 while the history is short), then adds it to the history.</summary>
    public double Next(double signal, double floor)
    {
        var ratio = _history.Count >= minimumHistory ? signal / (_history.Quantile(quantile) + floor) : 0.0;
        _history.Add(signal);
        return ratio;
    }
}
