using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// The settings of <see cref="ConformalWindowDetector"/>: three lengths and a warm-up, in samples, and the alarm level
/// as a conformal p-value (a fraction of the series' own past, not a constant on the signal).
/// </summary>
public sealed class ConformalWindowDetectorOptions
{
    /// <summary>Points in the window whose distance to the past is the nonconformity.</summary>
    [Range(2, 256)]
    public int WindowLength { get; init; } = 8;

    /// <summary>Past points searched for the nearest window (bounds the cost per point).</summary>
    [Range(16, 100_000)]
    public int NeighbourHistory { get; init; } = 1000;

    /// <summary>Past nonconformities a new one is ranked against (its conformal p-value).</summary>
    [Range(16, 1_000_000)]
    public int CalibrationLength { get; init; } = 8000;

    /// <summary>Points seen before any score is given.</summary>
    [Range(10, 100_000)]
    public int WarmUpPoints { get; init; } = 100;

    /// <summary>
    /// The conformal p-value at or below which a point alarms, beyond the 1/n of a new maximum: the bar is the past
    /// distance of rank 1 + this x n (0: only a new maximum alarms). The default is the best of 0.005, 0.01, 0.02 and 0.05 on the 31 shared NAB files.
    /// </summary>
    [Range(0.0, 0.5)]
    public double Alpha { get; init; } = 0.02;

    /// <summary>Throws with the setting's name and range when a value is out of range.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        if (NeighbourHistory < 4 * WindowLength)
        {
            results.Add(new ValidationResult($"The field {nameof(NeighbourHistory)} ({NeighbourHistory}) must be at least 4 x {nameof(WindowLength)} ({WindowLength})."));
        }

        if (results.Count > 0)
        {
            throw new ArgumentException("Invalid detector options: " + string.Join("; ", results.Select(static r => r.ErrorMessage)));
        }
    }
}
