namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// The LSTM autoencoder detector (<see cref="Contracts.Messages.ModelNames.LstmAutoencoder"/>): learns to reconstruct
/// sliding windows of multivariate series (one series per group of the matrix, rows in time order) and scores each
/// row by how badly the windows that cover it are reconstructed. Written in managed code (forward pass and
/// backpropagation through time by hand, Adam, global-norm clipping) because libtorch does not load on the target
/// machines; <see cref="IOutlierDetector"/> keeps a TorchSharp engine swappable where it does.
/// </summary>
public sealed class LstmAutoencoder(LstmAutoencoderOptions options) : IOutlierDetector
{
    public LstmAutoencoderOptions Options { get; } = Validated(options);

    public string Name => Options.Name;

    IFittedOutlierDetector IOutlierDetector.Fit(FeatureMatrix training, CancellationToken cancellationToken) =>
        Fit(training, cancellationToken);

    /// <summary>
    /// Standardises each series robustly, trains on at most <see cref="LstmAutoencoderOptions.MaxTrainingWindows"/>
    /// windows drawn with the seed, then sets the thresholds from the reconstruction errors of all training rows.
    /// </summary>
    /// <exception cref="ArgumentException">No series is at least <see cref="LstmAutoencoderOptions.MinWindowLength"/> rows long.</exception>
    public FittedLstmAutoencoder Fit(FeatureMatrix training, CancellationToken cancellationToken)
    {
        var trained = Train(training, cancellationToken);
        var cells = training.Rows * training.Columns;
        var squaredError = new double[cells];
        trained.Reconstruct(training, squaredError, new double[cells]);
        return Thresholded(trained, training, squaredError);
    }

    /// <summary>
    /// The first half of <see cref="Fit(FeatureMatrix, CancellationToken)"/>: the trained network, with no thresholds
    /// yet. A caller that scores the data it trained on reconstructs it once (<see cref="FittedLstmAutoencoder.Reconstruct"/>)
    /// and sets the thresholds from that (<see cref="Thresholded"/>), instead of running the network over it twice.
    /// </summary>
    public FittedLstmAutoencoder Train(FeatureMatrix training, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (Options.MinScales is { } floors && floors.Count != training.Columns)
        {
            throw new ArgumentException(
                $"LstmAutoencoderOptions.MinScales has {floors.Count} entries but the matrix has {training.Columns} columns.", nameof(training));
        }

        var windowLength = EffectiveWindowLength(training, Options.WindowLength);
        var standardiser = SeriesStandardiser.Fit(training, Options.MinScales);
        var series = StandardisedSeries.Build(training, standardiser, Options.ClipZ, windowLength);
        var network = new SequenceAutoencoder(training.Columns, Options.HiddenSize, Options.LatentSize, windowLength);
        var parameters = new double[network.ParameterCount];
        var random = new Random(Options.Seed);
        network.Initialise(parameters, random);

        var sample = SampleWindows(series.WindowStarts, Options.MaxTrainingWindows, random);
        var losses = Train(network, parameters, series, sample, random, cancellationToken);

        return new FittedLstmAutoencoder(
            Name, Options.ClipZ, network, parameters, standardiser, [.. training.ColumnNames], double.PositiveInfinity,
            new double[training.Columns], [.. losses]);
    }

    /// <summary>The second half of <see cref="Fit(FeatureMatrix, CancellationToken)"/>: thresholds from the training rows' squared reconstruction errors.</summary>
    public FittedLstmAutoencoder Thresholded(FittedLstmAutoencoder trained, FeatureMatrix training, ReadOnlySpan<double> squaredError)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(training);
        return trained.WithThresholds(training, squaredError, Options.ThresholdMads, Options.MinimumCut, Options.Contamination);
    }

    /// <summary>The configured window, shortened to the longest series when all are shorter.</summary>
    public static int EffectiveWindowLength(FeatureMatrix data, int configured)
    {
        ArgumentNullException.ThrowIfNull(data);
        var lengths = new int[data.GroupCount];
        foreach (var group in data.Groups)
        {
            lengths[group]++;
        }

        var longest = lengths.Length == 0 ? 0 : lengths.Max();
        var length = Math.Min(configured, longest);
        if (length < LstmAutoencoderOptions.MinWindowLength)
        {
            throw new ArgumentException(
                $"The LSTM autoencoder needs a series of at least {LstmAutoencoderOptions.MinWindowLength} rows; the longest has {longest}.", nameof(data));
        }

        return length;
    }

    private List<double> Train(
        SequenceAutoencoder network, double[] parameters, StandardisedSeries series, int[] sample, Random random, CancellationToken cancellationToken)
    {
        var gradient = new double[parameters.Length];
        var adam = new AdamOptimizer(parameters.Length, Options.LearningRate);
        var workspace = network.CreateWorkspace();
        var losses = new List<double>(Options.Epochs);
        var best = double.PositiveInfinity;
        var epochsWithoutImprovement = 0;
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            Shuffle(sample, random);
            var epochLoss = 0.0;
            for (var first = 0; first < sample.Length; first += Options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(Options.BatchSize, sample.Length - first);
                Array.Clear(gradient);
                for (var b = 0; b < count; b++)
                {
                    var window = series.Window(sample[first + b], network.WindowLength);
                    epochLoss += network.Forward(parameters, window, workspace);
                    network.Backward(parameters, gradient, window, workspace, 1.0 / count);
                }

                AdamOptimizer.ClipByGlobalNorm(gradient, Options.GradientClipNorm);
                adam.Step(parameters, gradient);
            }

            // The mean loss over the epoch's batches, measured before each batch's update (as Keras reports it).
            epochLoss /= sample.Length;
            losses.Add(epochLoss);
            if (epochLoss < best * (1 - Options.MinRelativeImprovement))
            {
                best = epochLoss;
                epochsWithoutImprovement = 0;
            }
            else if (Options.EarlyStoppingPatience > 0 && ++epochsWithoutImprovement >= Options.EarlyStoppingPatience)
            {
                break;
            }
        }

        return losses;
    }

    /// <summary>A seeded sample without replacement of at most <paramref name="limit"/> windows (partial Fisher–Yates).</summary>
    private static int[] SampleWindows(int[] windowStarts, int limit, Random random)
    {
        var pool = (int[])windowStarts.Clone();
        if (pool.Length <= limit)
        {
            return pool;
        }

        for (var i = 0; i < limit; i++)
        {
            var j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..limit];
    }

    private static void Shuffle(int[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static LstmAutoencoderOptions Validated(LstmAutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
