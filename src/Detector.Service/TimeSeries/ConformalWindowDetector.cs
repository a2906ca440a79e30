namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// A streaming univariate detector whose one level is a conformal p-value, in the family of KNN-CAD (conformal k-NN anomaly
/// detection on lagged windows) and ARTime (a window unlike every learned category is news):
/// <list type="bullet">
/// <item>nonconformity: the distance from the window of the last few values to its nearest window in the recent past
/// (<see cref="NearestWindowDistance"/>; a spike, a level shift and a changed shape are all far from what came before,
/// and a new regime stops being far as soon as it has repeated itself once);</item>
/// <item>calibration: that distance ranked against the distances of the series' own past (a conformal p-value), joined
/// one window late so that an anomaly does not calibrate its own continuation;</item>
/// <item>decision: an alarm when the distance's conformal p-value is at most
/// <see cref="ConformalWindowDetectorOptions.Alpha"/> (the one setting that is a level rather than a length); the
/// alarm's event lasts until the distance is back under its median, and nothing else alarms during it.</item>
/// </list>
/// Cost per point: one window search over a bounded history and one insertion into a bounded sorted history, so a
/// series costs time linear in its length.
/// </summary>
public sealed class ConformalWindowDetector : IStreamingAnomalyDetector
{
    private readonly ConformalWindowDetectorOptions _options;
    private readonly NearestWindowDistance _shapes;
    private readonly RollingDistribution _calibration;
    private readonly ValueHistory _pending;
    private long _seen;
    private bool _inEvent;

    public ConformalWindowDetector(ConformalWindowDetectorOptions? options = null)
    {
        _options = options ?? new ConformalWindowDetectorOptions();
        _options.Validate();
        _shapes = new NearestWindowDistance(_options.WindowLength, _options.NeighbourHistory, neighbours: 1);
        _calibration = new RollingDistribution(_options.CalibrationLength);
        _pending = new ValueHistory(_options.WindowLength);
    }

    /// <summary>The last point's distance over the bar (diagnostics).</summary>
    internal double LastRatio { get; private set; }

    public AnomalyPoint Update(DateTime timestamp, double value)
    {
        value = StreamingReadings.Bounded(value);
        _seen++;
        var distance = _shapes.Update(value);
        if (distance < 0)
        {
            return new AnomalyPoint(0.0, false);
        }

        // The conformal bar: the past distance exceeded by a fraction Alpha of the calibration history. (Leaving the
        // distances of earlier alarm events out of it, to calibrate on normal behaviour only, let long events on real
        // series lower the bar without end: NAB standard 2.4 to -168 against 2.8 to 64 with them in.)
        var rank = 1 + (int)(_options.Alpha * _calibration.Count);
        var bar = _calibration.Largest(rank);
        var floor = 1e-9 * Math.Max(1.0, Math.Abs(value));
        var ratio = distance / (bar + floor);
        LastRatio = ratio;
        var typical = _calibration.Quantile(0.5);
        if (_seen <= _options.WarmUpPoints)
        {
            // A window of the first points has few past windows to be near, so its distance says more about the
            // series' youth than about the window; it would raise the bar for a whole calibration history.
            return new AnomalyPoint(0.0, false);
        }

        Calibrate(distance);
        if (_calibration.Count < _options.WindowLength)
        {
            return new AnomalyPoint(0.0, false);
        }

        var squared = ratio * ratio;
        var score = squared / (squared + 1.0);
        if (_inEvent)
        {
            // The event lasts while the window is still unusual (above the median distance, p < 0.5).
            _inEvent = distance > typical;
            if (_inEvent)
            {
                return new AnomalyPoint(0.5 * score, false);
            }
        }

        if (ratio <= 1.0)
        {
            return new AnomalyPoint(score, false);
        }

        _inEvent = true;
        return new AnomalyPoint(score, true);
    }

    private void Calibrate(double distance)
    {
        if (_pending.Count == _pending.Capacity)
        {
            _calibration.Add(_pending[_pending.Capacity - 1]);
        }

        _pending.Add(distance);
    }
}
