namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// A streaming univariate detector built from robust signals, each calibrated against its own recent history:
/// <list type="bullet">
/// <item>level: distance of the value from the median of the history (new extremes);</item>
/// <item>step: change from the previous value (spikes, abrupt jumps);</item>
/// <item>shift: distance of the short-window mean from the history median (persistent level changes);</item>
/// <item>seasonal residual: distance from the median of the same phase one, two and three seasons back;</item>
/// <item>seasonal shift: the short-window mean of that residual (a changed daily or weekly shape).</item>
/// </list>
/// The strongest calibrated ratio becomes the score (0.5 at <see cref="RobustStreamingDetectorOptions.DecisionRatio"/>);
/// after an alarm a refractory period damps scores, because NAB-like evaluations credit only the first detection
/// of an anomaly and charge every repeat outside it.
/// </summary>
public sealed class RobustStreamingDetector : IStreamingAnomalyDetector
{
    private const int SeasonCycles = 3;

    private readonly RobustStreamingDetectorOptions _options;
    private readonly ValueHistory _values;
    private readonly ValueHistory _residuals;
    private readonly RollingDistribution _level;
    private readonly RollingDistribution _combined;
    private readonly SeasonalPeriodTracker _season;
    private readonly SignalCalibrator _levelSignal;
    private readonly SignalCalibrator _stepSignal;
    private readonly SignalCalibrator _shiftSignal;
    private readonly SignalCalibrator _seasonalSignal;
    private readonly SignalCalibrator _seasonalShiftSignal;
    private long _seen;
    private long _sinceAlarm = long.MaxValue / 2;
    private double _lastAlarmRatio;

    public RobustStreamingDetector(RobustStreamingDetectorOptions? options = null)
    {
        _options = options ?? new RobustStreamingDetectorOptions();
        _options.Validate();
        _values = new ValueHistory(Math.Max(_options.ShortWindow, (SeasonCycles * _options.MaxSeasonLength) + 1));
        _residuals = new ValueHistory(_options.ShortWindow);
        _level = new RollingDistribution(_options.HistoryLength, refreshEvery: 16);
        _combined = new RollingDistribution(_options.HistoryLength, refreshEvery: 16);
        _season = new SeasonalPeriodTracker(_options.SeasonMinimumAutocorrelation, reviewEvery: 64, SeasonCycles, _options.MaxSeasonLength);
        var warmUp = Math.Min(_options.WarmUpPoints, _options.HistoryLength);
        _levelSignal = new SignalCalibrator(_options.HistoryLength, _options.CalibrationQuantile, warmUp);
        _stepSignal = new SignalCalibrator(_options.HistoryLength, _options.CalibrationQuantile, warmUp);
        _shiftSignal = new SignalCalibrator(_options.HistoryLength, _options.CalibrationQuantile, warmUp);
        _seasonalSignal = new SignalCalibrator(_options.HistoryLength, _options.CalibrationQuantile, warmUp);
        _seasonalShiftSignal = new SignalCalibrator(_options.HistoryLength, _options.CalibrationQuantile, warmUp);
    }

    public AnomalyPoint Update(DateTime timestamp, double value)
    {
        var previous = _values.Count > 0 ? _values[0] : value;
        _values.Add(value);
        _seen++;
        if (_season.Update(timestamp, _values))
        {
            // A new season makes the old residual history meaningless.
            _seasonalSignal.Clear();
            _seasonalShiftSignal.Clear();
            _residuals.Clear();
        }

        var median = _level.Quantile(0.5);
        var spread = _level.Quantile(0.95) - _level.Quantile(0.05);
        var floor = Math.Max(spread * 1e-3, 1e-9 * Math.Max(1.0, Math.Abs(median)));
        var shortMean = ShortMean(_values);

        var ratio = Use(DetectorSignals.Level, _levelSignal.Next(Math.Abs(value - median), floor));
        ratio = Math.Max(ratio, Use(DetectorSignals.Step, _stepSignal.Next(Math.Abs(value - previous), floor)));
        ratio = Math.Max(ratio, Use(DetectorSignals.Shift, _shiftSignal.Next(Math.Abs(shortMean - median), floor)));
        var period = _season.Period;
        if (period > 0 && _values.Count > SeasonCycles * period)
        {
            var expected = MedianOfThree(_values[period], _values[2 * period], _values[3 * period]);
            _residuals.Add(value - expected);
            ratio = Math.Max(ratio, Use(DetectorSignals.Seasonal, _seasonalSignal.Next(Math.Abs(value - expected), floor)));
            if (_residuals.Count >= _options.ShortWindow)
            {
                ratio = Math.Max(ratio, Use(DetectorSignals.SeasonalShift, _seasonalShiftSignal.Next(Math.Abs(ShortMean(_residuals)), floor)));
            }
        }

        _level.Add(value);
        if (_options.SelfCalibrationQuantile > 0)
        {
            var typical = _combined.Count >= _options.WarmUpPoints ? _combined.Quantile(_options.SelfCalibrationQuantile) : 0.0;
            _combined.Add(ratio);
            ratio /= Math.Max(1.0, typical);
        }

        return Decide(ratio);
    }

    private AnomalyPoint Decide(double ratio)
    {
        if (_seen <= _options.WarmUpPoints)
        {
            return new AnomalyPoint(0.0, false);
        }

        var squared = ratio * ratio;
        var score = squared / (squared + (_options.DecisionRatio * _options.DecisionRatio));
        _sinceAlarm++;
        var refractory = _sinceAlarm <= _options.RefractoryPoints;
        var escalates = refractory && _sinceAlarm > _options.SameEventPoints && _options.RefractoryEscalation > 0 && ratio >= _options.RefractoryEscalation * _lastAlarmRatio;
        if (refractory && !escalates)
        {
            return new AnomalyPoint(score * _options.RefractoryScoreFactor, false);
        }

        if (score >= 0.5)
        {
            _sinceAlarm = 0;
            _lastAlarmRatio = ratio;
            return new AnomalyPoint(score, true);
        }

        return new AnomalyPoint(score, false);
    }

    private double Use(DetectorSignals signal, double ratio) => (_options.Signals & signal) != 0 ? ratio : 0.0;

    private double ShortMean(ValueHistory history)
    {
        var count = Math.Min(_options.ShortWindow, history.Count);
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += history[i];
        }

        return count == 0 ? 0.0 : sum / count;
    }

    private static double MedianOfThree(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
