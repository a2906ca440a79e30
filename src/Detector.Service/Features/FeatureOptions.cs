namespace AnomalyPlatform.Detector.Features;

/// <summary>The settings the feature builders read, taken from <see cref="DetectorOptions"/> (validated there).</summary>
public sealed record FeatureOptions
{
    /// <summary>A series needs this many finite values before its robust z is trusted; shorter ones get 0 (no evidence).</summary>
    public int MinSeriesLength { get; init; } = 8;

    /// <summary>Smoothing of the clipped EWMA level of metric series.</summary>
    public double EwmaAlpha { get; init; } = 0.3;

    /// <summary>Width of the base counting window of the Poisson window tests.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The own-window surprise (−log₁₀ p) a record's service needs to inherit a callee's burst in the same window.</summary>
    public double PropagationSurprise { get; init; } = 1.0;

    /// <summary>False-discovery rate of the window tests; a callee's window feeds a caller's feature only when significant at it.</summary>
    public double CountFalseDiscoveryRate { get; init; } = 0.01;

    /// <summary>The least surprise (−log₁₀ p) any window needs to be significant, whatever the false-discovery procedure allows.</summary>
    public double CountMinSurprise { get; init; } = 3.0;

    public static FeatureOptions From(DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new FeatureOptions
        {
            MinSeriesLength = options.MinSeriesLength,
            EwmaAlpha = options.EwmaAlpha ?? 0.3,
            Window = TimeSpan.FromSeconds(options.WindowSeconds),
            PropagationSurprise = options.PropagationSurprise,
            CountFalseDiscoveryRate = options.CountFalseDiscoveryRate,
            CountMinSurprise = options.CountMinSurprise,
        };
    }
}
