namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// A streaming univariate detector built from robust signals, each calibrated against its own recent history:
/// <list type="bullet">
/// <item>level: distance of the value from the median of the history (new extremes);</item>
/// <item>step: change from the previous value (spikes, abrupt jumps), less the change usual at this phase of the season;</item>
/// <item>shift: distance of the short-window mean from the history median (persistent level changes);</item>
/// <item>seasonal residual: distance from the median of the same phase (and its neighbours) one, two and three seasons back,
/// found by time, so that missing or doubled samples do not shift the phase (off by default, see
/// <see cref="RobustStreamingDetectorOptions.Signals"/>);</item>
/// <item>seasonal shift: the short-window mean of that residual (a changed daily or weekly shape);</item>
/// <item>persistence: the mean of the last few combined ratios (a run of moderately unusual points).</item>
/// </list>
/// The strongest calibrated ratio is then gated by rarity: if the shape of the last few points lies close to several
/// windows of the recent past (<see cref="NearestWindowDistance"/>; how many grows with the history remembered, see
/// <see cref="RarityNeighbourRank"/>), the series has done this before and the ratio is damped. The result becomes the
/// score (0.5 at <see cref="RobustStreamingDetectorOptions.DecisionRatio"/>); after an alarm a refractory period (a
/// fraction of the points seen) damps scores, less and less as it passes, because NAB-like evaluations credit only the
/// first detection of an anomaly and charge every repeat outside it.
/// </summary>
public sealed class RobustStreamingDetector : IStreamingAnomalyDetector
{
    private const int SeasonCycles = 3;
    private const int SignalCount = 5;

    /// <summary>A mean ratio this small is no evidence whatever its history (the ratios are unit-free).</summary>
    private const double PersistenceFloor = 0.01;

    private readonly RobustStreamingDetectorOptions _options;
    private readonly ValueHistory _values;

    /// <summary>Each value's time, in seconds since the first, beside <see cref="_values"/>.</summary>
    private readonly ValueHistory _times;
    private DateTime? _first;

    /// <summary>Per season back, the position (values seen before it) of the last value found at or before that moment, or -1.</summary>
    private readonly long[] _pastPositions = [.. Enumerable.Repeat(-1L, SeasonCycles)];
    private readonly ValueHistory _residuals;
    private readonly ValueHistory _recentRatios;
    private readonly RollingDistribution _level;
    private readonly SeasonalPeriodTracker _season;
    private readonly SignalCalibrator[] _calibrators;
    private readonly SignalCalibrator _persistence;
    private readonly SignalCalibrator _rarity;
    private readonly NearestWindowDistance _shapes;
    private long _seen;
    private long _sinceAlarm = long.MaxValue / 2;
    private long _refractoryPoints;

    public RobustStreamingDetector(RobustStreamingDetectorOptions? options = null)
    {
        _options = options ?? new RobustStreamingDetectorOptions();
        _options.Validate();
        _values = new ValueHistory(Math.Max(_options.ShortWindow, (SeasonCycles * _options.MaxSeasonLength) + 2 + _options.SeasonalPhaseTolerance));
        _times = new ValueHistory(_values.Capacity);
        _residuals = new ValueHistory(_options.ShortWindow);
        _recentRatios = new ValueHistory(Math.Max(1, _options.PersistenceWindow));
        _level = new RollingDistribution(_options.HistoryLength);
        _season = new SeasonalPeriodTracker(_options.SeasonMinimumAutocorrelation, reviewEvery: 64, SeasonCycles, _options.MaxSeasonLength, _options.SeasonRetainAutocorrelation);
        var warmUp = Math.Min(_options.WarmUpPoints, _options.HistoryLength);
        _calibrators = new SignalCalibrator[SignalCount];
        for (var i = 0; i < _calibrators.Length; i++)
        {
            _calibrators[i] = new SignalCalibrator(_options.HistoryLength, _options.CalibrationRankScale, warmUp, _options.CalibrationDelay);
        }

        _persistence = new SignalCalibrator(_options.HistoryLength, _options.CalibrationRankScale, warmUp, _options.CalibrationDelay);
        // The gate multiplies every signal's ratio, so a bar set by one event would damp every smaller event after it for
        // as long as it is remembered: a spike is in the RarityWindow shapes that hold it, and on a young series (rank 4
        // at 400 points) those alone set the bar, so a 20-sigma spike went unflagged after a 1,000-sigma one. The signals
        // need no such floor: the level signal takes a spike once, and it alone still flags the smaller one.
        _rarity = new SignalCalibrator(_options.HistoryLength, _options.CalibrationRankScale, warmUp, _options.CalibrationDelay)
        {
            MinimumRank = _options.RarityWindow + 1,
        };
        _shapes = new NearestWindowDistance(_options.RarityWindow, _options.RarityHistory, _options.RarityNeighbours);
    }

    /// <summary>The signal with the highest ratio at the last point (<see cref="DetectorSignals.None"/> when persistence won).</summary>
    internal DetectorSignals LastSignal { get; private set; }

    /// <summary>The final ratio at the last point, before the refractory damping (diagnostics).</summary>
    internal double LastRatio { get; private set; }

    public AnomalyPoint Update(DateTime timestamp, double value)
    {
        value = StreamingReadings.Bounded(value);
        var previous = _values.Count > 0 ? _values[0] : value;
        _values.Add(value);
        _first ??= timestamp;
        _times.Add((timestamp - _first.Value).TotalSeconds);
        _seen++;
        if (_season.Update(timestamp, _values, _times))
        {
            // A new season makes the old residual history meaningless.
            _calibrators[Index(DetectorSignals.Seasonal)].Clear();
            _calibrators[Index(DetectorSignals.SeasonalShift)].Clear();
            _residuals.Clear();
        }

        var median = _level.Quantile(0.5);
        var spread = _level.Quantile(0.95) - _level.Quantile(0.05);
        var floor = Math.Max(spread * 1e-3, 1e-9 * Math.Max(1.0, Math.Abs(median)));
        var ratio = SignalRatio(value, previous, median, floor);
        ratio = Math.Max(ratio, PersistenceRatio(ratio));
        ratio *= RarityFactor(value, floor);
        _level.Add(value);
        LastRatio = ratio;
        return Decide(ratio);
    }

    /// <summary>The strongest of the value signals switched on, each as a ratio to its own high quantile.</summary>
    private double SignalRatio(double value, double previous, double median, double floor)
    {
        // The same moment one, two and three seasons back, found by time: with samples missing, a fixed count of them
        // back is another hour of the day.
        Span<int> past = stackalloc int[SeasonCycles];
        var seasonal = _season.Period > 0 && SameMomentsBack(_season.Season, past);
        var step = value - previous;
        var stepSignal = Math.Abs(step);
        if (seasonal)
        {
            // A step that happens every day at this time (a square wave's edge) is not news.
            var usual = MedianOfThree(StepAt(past[0]), StepAt(past[1]), StepAt(past[2]));
            stepSignal = Math.Min(stepSignal, Math.Abs(step - usual));
        }

        LastSignal = DetectorSignals.None;
        var ratio = Use(DetectorSignals.Level, Math.Abs(value - median), floor, 0.0);
        ratio = Use(DetectorSignals.Step, stepSignal, floor, ratio);
        ratio = Use(DetectorSignals.Shift, Math.Abs(ShortMean(_values, _options.ShortWindow) - median), floor, ratio);
        if (seasonal)
        {
            var expected = SeasonalExpectation(past);
            _residuals.Add(value - expected);
            ratio = Use(DetectorSignals.Seasonal, Math.Abs(value - expected), floor, ratio);
            if (_residuals.Count >= _options.ShortWindow)
            {
                ratio = Use(DetectorSignals.SeasonalShift, Math.Abs(ShortMean(_residuals, _options.ShortWindow)), floor, ratio);
            }
        }

        return ratio;
    }

    /// <summary>The mean of the last few signal ratios, calibrated against its own past (0 when switched off).</summary>
    private double PersistenceRatio(double ratio)
    {
        // Only once the signals are live (after the warm-up): a history of zeros would make any mean look enormous.
        if (_options.PersistenceWindow == 0 || _seen <= _options.WarmUpPoints)
        {
            return 0.0;
        }

        _recentRatios.Add(ratio);
        var persistent = _persistence.Next(ShortMean(_recentRatios, _options.PersistenceWindow), PersistenceFloor);
        if (_recentRatios.Count < _options.PersistenceWindow || persistent <= ratio)
        {
            return 0.0;
        }

        LastSignal = DetectorSignals.None;
        return persistent;
    }

    /// <summary>1, or less than 1 when the current shape is familiar (its rarity ratio is below the gate).</summary>
    private double RarityFactor(double value, double floor)
    {
        var distance = _shapes.Update(value, RarityNeighbourRank);
        if (distance < 0)
        {
            return 1.0;
        }

        // The rarity calibrator needs its own history before its ratio means anything; until then (its distances start
        // once two shapes exist, and join its history a calibration delay late) the gate stays open, not shut.
        var calibrated = _rarity.IsCalibrated;
        var rarity = _rarity.Next(distance, floor);
        if (_options.RarityGate <= 0 || !calibrated)
        {
            return 1.0;
        }

        return Math.Min(1.0, rarity / _options.RarityGate);
    }

    /// <summary>
    /// How many times a shape must have been seen to be familiar: <see cref="RobustStreamingDetectorOptions.RarityNeighbours"/>
    /// x the square root of the fraction of <see cref="RobustStreamingDetectorOptions.HistoryLength"/> seen so far, at least 1.
    /// </summary>
    /// <remarks>
    /// It grows as the calibrators' reference rank does (<see cref="SignalCalibrator"/>): a young series, whose signals
    /// compare each point with a short past, calls a shape familiar once it has recurred at all, while a long series,
    /// whose signals remember thousands of points, asks for the full count before it damps a recurrence (a repeated
    /// fault far into a long series is still news). With a fixed count, a short and a long series wanted different
    /// counts, and the choice made on short series cost the long ones.
    /// </remarks>
    internal int RarityNeighbourRank
    {
        get
        {
            var remembered = Math.Min(_seen, _options.HistoryLength);
            return (int)Math.Max(1, Math.Round(_options.RarityNeighbours * Math.Sqrt((double)remembered / _options.HistoryLength)));
        }
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
        if (_sinceAlarm <= _refractoryPoints)
        {
            // Soft suppression: the damping fades over the period instead of ending at a cliff, so the period's length
            // is not a sharp setting, and a big enough event late in it still alarms.
            score *= _options.RefractoryScoreFactor + ((1.0 - _options.RefractoryScoreFactor) * _sinceAlarm / _refractoryPoints);
            if (_sinceAlarm <= _options.SameEventPoints)
            {
                return new AnomalyPoint(score, false);
            }
        }

        if (score < 0.5)
        {
            return new AnomalyPoint(score, false);
        }

        _sinceAlarm = 0;
        // Bounded by the history, so that on an endless stream the period stays a fraction of what the signals remember.
        var remembered = Math.Min(_seen, _options.HistoryLength);
        _refractoryPoints = Math.Max(_options.SameEventPoints, (long)Math.Round(_options.RefractoryFraction * remembered));
        return new AnomalyPoint(score, true);
    }

    /// <summary>When the signal is switched on, calibrates it and returns the larger of its ratio and <paramref name="best"/>.</summary>
    private double Use(DetectorSignals signal, double raw, double floor, double best)
    {
        // A signal switched off has no say, so its history is not kept (each calibration is a sorted insertion).
        if ((_options.Signals & signal) == 0)
        {
            return best;
        }

        var ratio = _calibrators[Index(signal)].Next(raw, floor);
        if (ratio <= best)
        {
            return best;
        }

        LastSignal = signal;
        return ratio;
    }

    private static int Index(DetectorSignals signal) => System.Numerics.BitOperations.TrailingZeroCount((int)signal);

    private double StepAt(int lag) => _values[lag] - _values[lag + 1];

    private static double ShortMean(ValueHistory history, int window)
    {
        var count = Math.Min(window, history.Count);
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += history[i];
        }

        return count == 0 ? 0.0 : sum / count;
    }

    /// <summary>
    /// Fills <paramref name="lags"/> with the lag of the value nearest in time to the current one less one, two, three
    /// seasons; false while the history does not reach three seasons back with room for the phase tolerance.
    /// </summary>
    private bool SameMomentsBack(TimeSpan season, Span<int> lags)
    {
        var now = _times[0];
        var tolerance = _options.SeasonalPhaseTolerance;
        for (var cycle = 1; cycle <= lags.Length; cycle++)
        {
            var target = now - (cycle * season.TotalSeconds);
            if (_times[_times.Count - 1] > target)
            {
                return false;
            }

            var atOrBefore = AtOrBefore(target, cycle - 1);
            // The value after it in time may be nearer the target.
            var lag = atOrBefore > 0 && _times[atOrBefore - 1] - target < target - _times[atOrBefore] ? atOrBefore - 1 : atOrBefore;
            // The phases either side of it must be in the past and in the history.
            if (lag <= tolerance || lag + tolerance + 1 >= _values.Count)
            {
                return false;
            }

            lags[cycle - 1] = lag;
        }

        return true;
    }

    /// <summary>
    /// The lag of the newest value at or before <paramref name="target"/> (times fall as the lag grows). The moment a season
    /// back moves on with the stream, so the last answer, walked forward a step or two, is the next one; a binary search
    /// only when there is none.
    /// </summary>
    private int AtOrBefore(double target, int slot)
    {
        var oldest = _times.Count - 1;
        var known = _pastPositions[slot];
        int lag;
        if (known >= 0 && _seen - 1 - known <= oldest)
        {
            lag = (int)(_seen - 1 - known);
            while (lag > 0 && _times[lag - 1] <= target)
            {
                lag--;
            }

            while (lag < oldest && _times[lag] > target)
            {
                lag++;
            }
        }
        else
        {
            int low = 0, high = oldest;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (_times[middle] > target)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            lag = low;
        }

        _pastPositions[slot] = _seen - 1 - lag;
        return lag;
    }

    /// <summary>The median of the same phase, and the phases either side of it, over the past seasons.</summary>
    private double SeasonalExpectation(ReadOnlySpan<int> past)
    {
        // Real seasons drift by a sample or two (a job starts a few minutes early, sampling jitters); with neighbouring
        // phases in the median a one-off spike or a shifted edge in a past season no longer becomes the expectation.
        var tolerance = _options.SeasonalPhaseTolerance;
        Span<double> same = stackalloc double[SeasonCycles * ((2 * tolerance) + 1)];
        var n = 0;
        foreach (var lag in past)
        {
            for (var j = -tolerance; j <= tolerance; j++)
            {
                same[n++] = _values[lag + j];
            }
        }

        same.Sort();
        return same[n / 2];
    }

    private static double MedianOfThree(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
