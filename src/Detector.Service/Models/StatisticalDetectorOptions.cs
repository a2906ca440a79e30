using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.Detector.Models;

/// <summary>Settings of <see cref="StatisticalDetector"/>. The model is deterministic, so it needs no seed.</summary>
public sealed record StatisticalDetectorOptions
{
    /// <summary>The name the fitted model reports.</summary>
    public string Name { get; init; } = ModelNames.Statistical;

    /// <summary>
    /// Robust z above which a row is anomalous, when <see cref="Contamination"/> is not set. 5 means "five robust
    /// standard deviations": about 6e-7 of normal data, so false alarms stay rare even over a million readings.
    /// </summary>
    public double ZThreshold { get; init; } = 5.0;

    /// <summary>When set (0 &lt; c ≤ 0.5), the threshold is the score quantile that flags this share of the training rows instead.</summary>
    public double? Contamination { get; init; }

    /// <summary>
    /// When set (0 &lt; α ≤ 1), each series is also scored by the robust z of its residual against an EWMA of the
    /// preceding values, which finds spikes that are small against a seasonal or trending series' overall spread but
    /// large against its recent level. Null scores values against the series' median only.
    /// </summary>
    public double? EwmaAlpha { get; init; }

    /// <summary>EWMA updates are clipped to this many robust σ, so a spike does not drag the level (and hide its neighbours).</summary>
    public double EwmaClipSigmas { get; init; } = 3.0;

    /// <summary>
    /// Floor on the robust scale. 0 for raw readings; 1 for Anscombe-transformed counts, whose Poisson noise has unit
    /// variance, so that a quiet series (MAD 0) does not turn a handful of events into an outlier.
    /// </summary>
    public double MinScale { get; init; }

    /// <summary>
    /// When true only values above the baseline count (z below it scores 0): for features where only one direction is
    /// a fault, such as span durations, where a fast span is no symptom of anything.
    /// </summary>
    public bool UpperTailOnly { get; init; }

    /// <summary>
    /// When true each series' scale is drawn toward the scale typical of all series of the feature, as far as the
    /// spread of their scales is sampling noise (<see cref="ModeratedScales"/>): for many small series of one quantity
    /// on a common footing, such as span log-durations per calling context. Not for series in different units.
    /// </summary>
    public bool ModerateScales { get; init; }

    /// <summary>Groups with fewer finite values than this have no reliable baseline; their rows score 0.</summary>
    public int MinGroupSize { get; init; } = 8;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("StatisticalDetectorOptions.Name must not be empty.");
        }

        if (!(ZThreshold > 0) || double.IsInfinity(ZThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(ZThreshold), ZThreshold, "ZThreshold must be a positive finite number.");
        }

        if (Contamination is { } c && c is not (> 0 and <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(Contamination), c, "Contamination must lie in (0, 0.5].");
        }

        if (EwmaAlpha is { } a && a is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(EwmaAlpha), a, "EwmaAlpha must lie in (0, 1].");
        }

        if (!(EwmaClipSigmas > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(EwmaClipSigmas), EwmaClipSigmas, "EwmaClipSigmas must be positive.");
        }

        if (!(MinScale >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MinScale), MinScale, "MinScale must not be negative.");
        }

        if (MinGroupSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinGroupSize), MinGroupSize, "MinGroupSize must be at least 2.");
        }
    }
}
