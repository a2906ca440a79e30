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
    public int HistoryLength { get; init; } = 2000;

    /// <summary>Points seen before any score is given (the detector's own probation).</summary>
    [Range(10, 100_000)]
    public int WarmUpPoints { get; init; } = 100;

    /// <summary>The quantile of a signal's own history that a new value is compared with.</summary>
    [Range(0.5, 1.0)]
    public double CalibrationQuantile { get; init; } = 0.995;

    /// <summary>How many times that quantile a signal must reach to be an anomaly (score 0.5).</summary>
    [Range(1.0, 100.0)]
    public double DecisionRatio { get; init; } = 1.2;

    /// <summary>Points in the short window whose mean is compared with the long history (level and seasonal shifts).</summary>
    [Range(2, 1000)]
    public int ShortWindow { get; init; } = 8;

    /// <summary>Points after an alarm during which no new alarm is raised and scores are damped.</summary>
    [Range(0, 100_000)]
    public int RefractoryPoints { get; init; } = 200;

    /// <summary>
    /// During the refractory period a point still alarms when its ratio reaches this multiple of the last alarm's
    /// ratio (a bigger event than the one already reported); 0 turns the exception off.
    /// </summary>
    [Range(0.0, 100.0)]
    public double RefractoryEscalation { get; init; } = 1.1;

    /// <summary>The first points of the refractory period, during which even a bigger event does not alarm (it is the same event).</summary>
    [Range(0, 100_000)]
    public int SameEventPoints { get; init; } = 30;

    /// <summary>Factor applied to scores during the refractory period (keeps them below the decision).</summary>
    [Range(0.0, 1.0)]
    public double RefractoryScoreFactor { get; init; } = 0.5;

    /// <summary>Autocorrelation a daily or weekly season needs before the seasonal signals switch on.</summary>
    [Range(0.0, 1.0)]
    public double SeasonMinimumAutocorrelation { get; init; } = 0.4;

    /// <summary>Longest season considered, in samples (a week at one-minute sampling).</summary>
    [Range(4, 100_000)]
    public int MaxSeasonLength { get; init; } = 10_080;

    /// <summary>
    /// Quantile of the series' own past combined ratios that the combined ratio is divided by when that quantile
    /// exceeds 1 (a series that often looks surprising needs more to alarm); 0 turns this off.
    /// </summary>
    [Range(0.0, 1.0)]
    public double SelfCalibrationQuantile { get; init; } = 0.0;

    /// <summary>The signals combined (all by default; fewer only for ablation studies).</summary>
    public DetectorSignals Signals { get; init; } = DetectorSignals.All;

    /// <summary>Throws with the setting's name and range when a value is out of range.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException("Invalid detector options: " + string.Join("; ", results.Select(static r => r.ErrorMessage)));
        }
    }
}
