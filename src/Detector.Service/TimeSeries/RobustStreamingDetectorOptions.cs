using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// The one configuration of <see cref="RobustStreamingDetector"/>, used for every series (no per-file tuning).
/// Lengths are in samples, so the detector needs no knowledge of the sampling interval beyond the season it infers.
/// </summary>
public sealed class RobustStreamingDetectorOptions
{
    /// <summary>Past points each signal is calibrated against (a sliding history).</summary>
    [Range(50, 1_000_000)]
    public int HistoryLength { get; init; } = 8000;

    /// <summary>Points seen before any score is given (the detector's own probation).</summary>
    [Range(10, 100_000)]
    public int WarmUpPoints { get; init; } = 100;

    /// <summary>
    /// Sets the reference each signal is compared with: its own k-th largest value over the history, k = this x the
    /// square root of the history's length (18 of 8,000 points, 7 of 1,600; see <see cref="SignalCalibrator"/>).
    /// </summary>
    [Range(0.01, 10.0)]
    public double CalibrationRankScale { get; init; } = 0.18;

    /// <summary>
    /// Points a signal value waits before it joins the history it is calibrated against (see
    /// <see cref="SignalCalibrator"/>): the start of an anomaly does not raise the bar for the rest of it.
    /// </summary>
    [Range(0, 10_000)]
    public int CalibrationDelay { get; init; } = 16;

    /// <summary>How many times that quantile a signal must reach to be an anomaly (score 0.5).</summary>
    [Range(1.0, 100.0)]
    public double DecisionRatio { get; init; } = 1.2;

    /// <summary>Points in the short window whose mean is compared with the long history (level and seasonal shifts).</summary>
    [Range(2, 1000)]
    public int ShortWindow { get; init; } = 16;

    /// <summary>
    /// The refractory period after an alarm, as a fraction of the points seen at the alarm (counted up to
    /// <see cref="HistoryLength"/>), at least <see cref="SameEventPoints"/>: it scales with the series, as NAB's windows
    /// do, instead of being a fixed count of samples.
    /// </summary>
    [Range(0.001, 1.0)]
    public double RefractoryFraction { get; init; } = 0.05;

    /// <summary>The first points of the refractory period, during which nothing alarms (it is the same event); also its shortest length.</summary>
    [Range(0, 100_000)]
    public int SameEventPoints { get; init; } = 30;

    /// <summary>
    /// Factor applied to scores at the start of the refractory period; it rises linearly to 1 by the period's end, and
    /// a damped score that still reaches 0.5 alarms (after <see cref="SameEventPoints"/>).
    /// </summary>
    [Range(0.0, 1.0)]
    public double RefractoryScoreFactor { get; init; } = 0.25;

    /// <summary>Autocorrelation a daily or weekly season needs before the seasonal signals switch on.</summary>
    [Range(0.0, 1.0)]
    public double SeasonMinimumAutocorrelation { get; init; } = 0.4;

    /// <summary>
    /// Autocorrelation below which a season already in use is dropped (at most <see cref="SeasonMinimumAutocorrelation"/>;
    /// equal to it, a season is dropped as soon as it no longer qualifies anew).
    /// </summary>
    [Range(0.0, 1.0)]
    public double SeasonRetainAutocorrelation { get; init; } = 0.2;

    /// <summary>Longest season considered, in samples (a week at one-minute sampling).</summary>
    [Range(4, 100_000)]
    public int MaxSeasonLength { get; init; } = 10_080;

    /// <summary>
    /// Points whose mean combined ratio forms the persistence signal (calibrated like the others): a run of moderately
    /// unusual points is evidence that no single one of them gives. 0 turns it off.
    /// </summary>
    [Range(0, 1000)]
    public int PersistenceWindow { get; init; } = 10;

    /// <summary>Points in the window whose shape the rarity gate compares with the past.</summary>
    [Range(2, 256)]
    public int RarityWindow { get; init; } = 8;

    /// <summary>Past points searched for windows near the current one.</summary>
    [Range(16, 100_000)]
    public int RarityHistory { get; init; } = 1000;

    /// <summary>
    /// The rank of the neighbour whose distance is the rarity (a shape seen this many times is familiar) once the history
    /// is full; before that the rank is this x the square root of the fraction of <see cref="HistoryLength"/> seen, at
    /// least 1 (with the defaults: 1 up to 2,000 points, 2 up to 5,555, then 3).
    /// </summary>
    [Range(1, 16)]
    public int RarityNeighbours { get; init; } = 3;

    /// <summary>
    /// The rarity gate: when the current shape's calibrated rarity ratio is below this, the combined ratio is
    /// multiplied by (rarity ratio / this), so a shape the series has shown several times recently is not reported
    /// again, however far it lies from the median. 0 turns the gate off.
    /// </summary>
    [Range(0.0, 10.0)]
    public double RarityGate { get; init; } = 0.15;

    /// <summary>
    /// Points either side of the same phase in each past season that also count towards the seasonal expectation (the
    /// median of 3 x (2 x this + 1) values); 0 uses the same phase alone.
    /// </summary>
    [Range(0, 16)]
    public int SeasonalPhaseTolerance { get; init; } = 2;

    /// <summary>
    /// The signals combined. By default all but the pointwise seasonal residual: with the season looked up by time, the
    /// nested evaluation on NAB chose to leave it out (in four folds of five), and so did every perturbed copy of the
    /// files measured (samples missing or doubled, values offset, half the rate): the seasonal shift, its mean over the
    /// short window, sees what it sees with less noise. Others only for ablation studies.
    /// </summary>
    public DetectorSignals Signals { get; init; } = DetectorSignals.Level | DetectorSignals.Step | DetectorSignals.Shift | DetectorSignals.SeasonalShift;

    /// <summary>Throws with the setting's name and range when a value is out of range.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        if (RarityHistory < 4 * RarityWindow)
        {
            // The shape search needs several non-overlapping past windows to find neighbours among.
            results.Add(new ValidationResult($"The field {nameof(RarityHistory)} ({RarityHistory}) must be at least 4 x {nameof(RarityWindow)} ({RarityWindow})."));
        }

        if (results.Count > 0)
        {
            throw new ArgumentException("Invalid detector options: " + string.Join("; ", results.Select(static r => r.ErrorMessage)));
        }
    }
}
