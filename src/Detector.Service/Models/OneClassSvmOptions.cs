using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.Detector.Models;

/// <summary>Settings of <see cref="OneClassSvm"/>: the random-feature map, the ν of the one-class SVM and its SGD.</summary>
public sealed record OneClassSvmOptions
{
    /// <summary>The name the fitted model reports.</summary>
    public string Name { get; init; } = ModelNames.OneClassSvm;

    /// <summary>
    /// ν of Schölkopf's formulation: an upper bound on the share of training rows outside the boundary and a lower
    /// bound on the share of support vectors. The boundary ρ is set so that this share of the training sample lies
    /// outside it, which makes ν the model's own contamination when <see cref="Contamination"/> is unset.
    /// </summary>
    public double Nu { get; init; } = 0.02;

    /// <summary>Random Fourier features D: the kernel approximation error falls as 1/√D (Rahimi and Recht, 2007).</summary>
    public int Components { get; init; } = 256;

    /// <summary>RBF width γ in k(x, y) = exp(−γ‖x − y‖²) on the scaled features; unset uses the median heuristic on a sample.</summary>
    public double? Gamma { get; init; }

    /// <summary>Rows (drawn without replacement) the SVM is trained on; the kernel model does not need millions of rows.</summary>
    public int TrainingSampleSize { get; init; } = 20_000;

    /// <summary>Passes of stochastic gradient descent over the training sample.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>
    /// Density ratio to the boundary above which a row is anomalous when no contamination is set: the score is
    /// ρ / (w·z(x)), so 1 is the ν boundary and 2 means "half as much kernel mass around it as at the boundary".
    /// 2 rather than 1 because the boundary itself runs through the routine fringe (the ν share of normal rows); on
    /// the platform's data the routine fringe stays below 1.4 while injected anomalies start near 2 and mostly sit at
    /// the cap.
    /// </summary>
    public double ScoreThreshold { get; init; } = 2.0;

    /// <summary>When set (0 &lt; c ≤ 0.5) the threshold is the training-score quantile that flags this share of the rows.</summary>
    public double? Contamination { get; init; }

    /// <summary>Seed of the sample, the random features and the SGD order.</summary>
    public int Seed { get; init; } = 42;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("OneClassSvmOptions.Name must not be empty.");
        }

        if (Nu is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Nu), Nu, "Nu must lie in (0, 1].");
        }

        if (Components is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Components), Components, "Components must lie in 1..100000.");
        }

        if (Gamma is { } gamma && !(gamma > 0 && double.IsFinite(gamma)))
        {
            throw new ArgumentOutOfRangeException(nameof(Gamma), gamma, "Gamma must be positive and finite.");
        }

        if (TrainingSampleSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(TrainingSampleSize), TrainingSampleSize, "TrainingSampleSize must be at least 2.");
        }

        if (Epochs is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must lie in 1..1000.");
        }

        if (!(ScoreThreshold > 0) || double.IsInfinity(ScoreThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "ScoreThreshold must be positive and finite.");
        }

        if (Contamination is { } c && c is not (> 0 and <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(Contamination), c, "Contamination must lie in (0, 0.5].");
        }
    }
}
