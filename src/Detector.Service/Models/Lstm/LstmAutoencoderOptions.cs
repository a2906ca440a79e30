using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// Settings of <see cref="LstmAutoencoder"/>: window and network sizes, training budget, seed and threshold rule.
/// The defaults train in about a second on CPU whatever the data size, because training samples at most
/// <see cref="MaxTrainingWindows"/> windows and runs at most <see cref="Epochs"/> passes over them.
/// </summary>
public sealed record LstmAutoencoderOptions
{
    /// <summary>The shortest window the autoencoder accepts: shorter sequences leave nothing to learn about order.</summary>
    public const int MinWindowLength = 4;

    /// <summary>The name the fitted model reports.</summary>
    public string Name { get; init; } = ModelNames.LstmAutoencoder;

    /// <summary>Time steps per sliding window. Shrinks to the longest series when every series is shorter (down to 4).</summary>
    public int WindowLength { get; init; } = 16;

    /// <summary>Units of the encoder and of the decoder LSTM.</summary>
    public int HiddenSize { get; init; } = 16;

    /// <summary>Size of the code the encoder squeezes a window into; small, so that rare shapes do not fit through it.</summary>
    public int LatentSize { get; init; } = 4;

    /// <summary>Upper bound on the passes over the training windows (early stopping may end sooner).</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>Windows per Adam step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's step size.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Gradients whose global L2 norm exceeds this are scaled down to it (exploding gradients of BPTT).</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>At most this many windows, drawn with the seed, are trained on: bounds the fit time at any data size.</summary>
    public int MaxTrainingWindows { get; init; } = 1024;

    /// <summary>Stop after this many epochs without a relative loss improvement of <see cref="MinRelativeImprovement"/>; 0 disables.</summary>
    public int EarlyStoppingPatience { get; init; } = 5;

    /// <summary>The relative drop of the epoch loss that counts as an improvement for early stopping.</summary>
    public double MinRelativeImprovement { get; init; } = 1e-3;

    /// <summary>Seed of the weight initialisation, the window sample and the batch order: same seed, same model.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Standardised inputs are clipped to ±this many robust σ, so that one huge spike in the training sample cannot
    /// dominate the loss; a clipped spike still reconstructs badly and scores high.
    /// </summary>
    public double ClipZ { get; init; } = 8.0;

    /// <summary>The robust cut on training reconstruction errors: median + this × MAD-σ (used when <see cref="Contamination"/> is unset).</summary>
    public double ThresholdMads { get; init; } = 5.0;

    /// <summary>
    /// Floor of every cut, in robust σ of the input: a reconstruction this close is never anomalous, however well the
    /// model fits. 2 keeps a single event or ERROR line in a quiet minute (about 1σ on the Anscombe scale) from
    /// counting as a burst.
    /// </summary>
    public double MinimumCut { get; init; } = 2.0;

    /// <summary>When set (0 &lt; c ≤ 0.5), the row threshold flags this share of the training rows instead of the robust cut.</summary>
    public double? Contamination { get; init; }

    /// <summary>
    /// Optional floor per column on the robust scale used to standardise it (null: no floor). 1 suits
    /// Anscombe-transformed counts, whose Poisson noise has unit variance, so a quiet series is not blown up.
    /// </summary>
    public IReadOnlyList<double>? MinScales { get; init; }

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("LstmAutoencoderOptions.Name must not be empty.");
        }

        Require(WindowLength is >= MinWindowLength and <= 512, nameof(WindowLength), WindowLength, $"WindowLength must lie in {MinWindowLength}..512.");
        Require(HiddenSize is >= 1 and <= 256, nameof(HiddenSize), HiddenSize, "HiddenSize must lie in 1..256.");
        Require(LatentSize is >= 1 and <= 256, nameof(LatentSize), LatentSize, "LatentSize must lie in 1..256.");
        Require(Epochs is >= 1 and <= 10_000, nameof(Epochs), Epochs, "Epochs must lie in 1..10000.");
        Require(BatchSize is >= 1 and <= 65_536, nameof(BatchSize), BatchSize, "BatchSize must lie in 1..65536.");
        Require(LearningRate is > 0 and <= 1, nameof(LearningRate), LearningRate, "LearningRate must lie in (0, 1].");
        Require(GradientClipNorm > 0 && double.IsFinite(GradientClipNorm), nameof(GradientClipNorm), GradientClipNorm, "GradientClipNorm must be a positive finite number.");
        Require(MaxTrainingWindows is >= 1 and <= 10_000_000, nameof(MaxTrainingWindows), MaxTrainingWindows, "MaxTrainingWindows must lie in 1..10000000.");
        Require(EarlyStoppingPatience is >= 0 and <= 10_000, nameof(EarlyStoppingPatience), EarlyStoppingPatience, "EarlyStoppingPatience must lie in 0..10000.");
        Require(MinRelativeImprovement is >= 0 and < 1, nameof(MinRelativeImprovement), MinRelativeImprovement, "MinRelativeImprovement must lie in [0, 1).");
        Require(ClipZ > 0 && double.IsFinite(ClipZ), nameof(ClipZ), ClipZ, "ClipZ must be a positive finite number.");
        Require(ThresholdMads > 0 && double.IsFinite(ThresholdMads), nameof(ThresholdMads), ThresholdMads, "ThresholdMads must be a positive finite number.");
        Require(MinimumCut >= 0 && double.IsFinite(MinimumCut), nameof(MinimumCut), MinimumCut, "MinimumCut must be a non-negative finite number.");
        if (Contamination is { } c)
        {
            Require(c is > 0 and <= 0.5, nameof(Contamination), c, "Contamination must lie in (0, 0.5].");
        }

        if (MinScales is not null)
        {
            foreach (var floor in MinScales)
            {
                Require(floor >= 0 && double.IsFinite(floor), nameof(MinScales), floor, "MinScales must hold non-negative finite numbers.");
            }
        }
    }

    private static void Require(bool condition, string name, object value, string message)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException($"LstmAutoencoderOptions.{name}", value, message);
        }
    }
}
