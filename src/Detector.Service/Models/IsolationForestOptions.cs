using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.Detector.Models;

/// <summary>Settings of <see cref="IsolationForest"/> (Liu, Ting and Zhou, 2008), with the paper's defaults.</summary>
public sealed record IsolationForestOptions
{
    /// <summary>The name the fitted model reports.</summary>
    public string Name { get; init; } = ModelNames.IsolationForest;

    /// <summary>Number of isolation trees; the paper finds path lengths converge well before 100.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>
    /// Rows drawn without replacement per tree (ψ). 256 is the paper's default: small samples isolate anomalies better
    /// (less swamping and masking) and make the trees independent of the data size.
    /// </summary>
    public int SampleSize { get; init; } = 256;

    /// <summary>
    /// When set (0 &lt; c ≤ 0.5) the threshold is the training-score quantile that flags this share of the rows.
    /// Unset, the fixed <see cref="ScoreThreshold"/> applies.
    /// </summary>
    public double? Contamination { get; init; }

    /// <summary>
    /// Anomaly score s = 2^(−E[h]/c(ψ)) above which a row is anomalous when no contamination is set. The paper reads
    /// s ≤ 0.5 as normal and s close to 1 as anomalous; 0.7 means a row is isolated in about half the average path
    /// of a normal row (E[h] ≈ 0.51·c(ψ)), which needs it to be far from the bulk in at least one feature. (On the
    /// platform's data, 0.62 flagged the routine upper tail of every feature, about 2 % of each kind.)
    /// </summary>
    public double ScoreThreshold { get; init; } = 0.7;

    /// <summary>Seed of the sampling and of the random splits; the same seed and data give the same forest.</summary>
    public int Seed { get; init; } = 42;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("IsolationForestOptions.Name must not be empty.");
        }

        if (Trees is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Trees), Trees, "Trees must lie in 1..10000.");
        }

        if (SampleSize is < 2 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleSize), SampleSize, "SampleSize must lie in 2..1000000.");
        }

        if (Contamination is { } c && c is not (> 0 and <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(Contamination), c, "Contamination must lie in (0, 0.5].");
        }

        if (ScoreThreshold is not (> 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "ScoreThreshold must lie in (0, 1).");
        }
    }
}
