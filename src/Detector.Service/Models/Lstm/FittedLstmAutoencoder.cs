namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// A fitted <see cref="LstmAutoencoder"/>: network weights, per-series standardisation and thresholds, immutable.
/// A row's score is the root mean squared reconstruction error (in robust σ of the input) of its time step,
/// averaged over every window that covers it; it saves to and loads from a versioned binary file.
/// </summary>
public sealed class FittedLstmAutoencoder : IFittedOutlierDetector, IFeatureAttribution, IPersistentDetector
{
    private readonly double[] _parameters;
    private readonly double[] _featureCuts;
    private readonly double[] _trainingLoss;

    internal FittedLstmAutoencoder(
        string name, double clipZ, SequenceAutoencoder network, double[] parameters, SeriesStandardiser standardiser,
        string[] columnNames, double threshold, double[] featureCuts, double[] trainingLoss)
    {
        Name = name;
        ClipZ = clipZ;
        Network = network;
        _parameters = parameters;
        Standardiser = standardiser;
        ColumnNames = columnNames;
        Threshold = threshold;
        _featureCuts = featureCuts;
        _trainingLoss = trainingLoss;
    }

    public string Name { get; }

    /// <summary>Row scores (RMS reconstruction error over the columns) strictly above this are anomalies.</summary>
    public double Threshold { get; }

    public IReadOnlyList<string> ColumnNames { get; }

    public int Columns => ColumnNames.Count;

    public int GroupCount => Standardiser.GroupCount;

    /// <summary>The window length the network was trained on (the configured one, or shorter for short series).</summary>
    public int WindowLength => Network.WindowLength;

    /// <summary>The mean training loss (MSE on standardised values) of each epoch that ran.</summary>
    public IReadOnlyList<double> TrainingLoss => _trainingLoss;

    /// <summary>Maximum threads used when scoring (one series per task, so results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    internal double ClipZ { get; }

    internal SequenceAutoencoder Network { get; }

    internal SeriesStandardiser Standardiser { get; }

    internal ReadOnlySpan<double> Parameters => _parameters;

    internal ReadOnlySpan<double> FeatureCuts => _featureCuts;

    /// <summary>The cut on one column's RMS reconstruction error, from the training rows (median + k·MAD-σ, floored).</summary>
    public double FeatureThreshold(int column) => _featureCuts[column];

    /// <summary>The median the column was centred on in series <paramref name="group"/>.</summary>
    public double CenterOf(int column, int group) => Standardiser.CenterOf(column, group);

    /// <summary>The robust scale the column was divided by in series <paramref name="group"/>.</summary>
    public double ScaleOf(int column, int group) => Standardiser.ScaleOf(column, group);

    public void Score(FeatureMatrix data, Span<double> scores) => Score(data, scores, []);

    /// <summary>Row scores, and the column whose error is largest against its own cut (-1 for rows no window covers; their score is 0).</summary>
    public void Score(FeatureMatrix data, Span<double> scores, Span<int> drivingFeature)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (scores.Length < data.Rows)
        {
            throw new ArgumentException("The score span is shorter than the number of rows.", nameof(scores));
        }

        var columns = Columns;
        var squaredError = new double[data.Rows * columns];
        var residual = new double[data.Rows * columns];
        Reconstruct(data, squaredError, residual);
        for (var row = 0; row < data.Rows; row++)
        {
            var errors = squaredError.AsSpan(row * columns, columns);
            var covered = !double.IsNaN(errors[0]);
            scores[row] = covered ? RootMean(errors) : 0.0;
            if (drivingFeature.IsEmpty)
            {
                continue;
            }

            var best = -1;
            var bestRatio = double.NegativeInfinity;
            for (var column = 0; covered && column < columns; column++)
            {
                var ratio = Math.Sqrt(errors[column]) / Math.Max(_featureCuts[column], 1e-12);
                if (ratio > bestRatio)
                {
                    bestRatio = ratio;
                    best = column;
                }
            }

            drivingFeature[row] = best;
        }
    }

    /// <summary>
    /// Per row and column (row-major, rows × columns): the squared reconstruction error and the signed residual
    /// (input − reconstruction) on the standardised scale, each averaged over the windows covering the row. NaN for
    /// rows of series shorter than the window.
    /// </summary>
    public void Reconstruct(FeatureMatrix data, Span<double> squaredError, Span<double> residual)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != Columns || data.GroupCount != GroupCount)
        {
            throw new ArgumentException(
                $"The model was fitted on {Columns} columns × {GroupCount} groups; the data has {data.Columns} × {data.GroupCount}.", nameof(data));
        }

        var cells = data.Rows * Columns;
        if (squaredError.Length < cells || residual.Length < cells)
        {
            throw new ArgumentException($"The destinations need {cells} cells (rows × columns).");
        }

        var series = StandardisedSeries.Build(data, Standardiser, ClipZ, WindowLength);
        var sumSquared = new double[cells];
        var sumResidual = new double[cells];
        var coverage = new int[data.Rows];
        // One task per series: series own disjoint positions and each is summed in window order, so the result is the
        // same whatever the thread count.
        Parallel.For(0, GroupCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxDegreeOfParallelism) },
            Network.CreateWorkspace,
            (group, _, workspace) =>
            {
                AccumulateSeries(series, group, workspace, sumSquared, sumResidual, coverage);
                return workspace;
            },
            _ => { });

        var columns = Columns;
        for (var position = 0; position < data.Rows; position++)
        {
            var row = series.OriginalRows[position];
            var count = coverage[position];
            for (var column = 0; column < columns; column++)
            {
                var cell = position * columns + column;
                squaredError[row * columns + column] = count == 0 ? double.NaN : sumSquared[cell] / count;
                residual[row * columns + column] = count == 0 ? double.NaN : sumResidual[cell] / count;
            }
        }
    }

    /// <summary>Writes the model in the versioned binary format of <see cref="LstmAutoencoderSerializer"/>.</summary>
    public void Save(Stream stream) => LstmAutoencoderSerializer.Write(this, stream);

    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    /// <exception cref="InvalidDataException">The stream is not a model of a supported version.</exception>
    public static FittedLstmAutoencoder Load(Stream stream) => LstmAutoencoderSerializer.Read(stream);

    public static FittedLstmAutoencoder Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Sets the row threshold and the per-column cuts from the reconstruction errors of <paramref name="training"/> (<paramref name="squaredError"/>, from <see cref="Reconstruct"/>).</summary>
    internal FittedLstmAutoencoder WithThresholds(FeatureMatrix training, ReadOnlySpan<double> squaredError, double thresholdMads, double minimumCut, double? contamination)
    {
        var columns = Columns;
        var rowScores = new List<double>(training.Rows);
        var columnErrors = new double[columns][];
        for (var column = 0; column < columns; column++)
        {
            columnErrors[column] = new double[training.Rows];
        }

        for (var row = 0; row < training.Rows; row++)
        {
            var errors = squaredError.Slice(row * columns, columns);
            if (double.IsNaN(errors[0]))
            {
                continue;
            }

            for (var column = 0; column < columns; column++)
            {
                columnErrors[column][rowScores.Count] = Math.Sqrt(errors[column]);
            }

            rowScores.Add(RootMean(errors));
        }

        var covered = rowScores.Count;
        var cuts = new double[columns];
        for (var column = 0; column < columns; column++)
        {
            cuts[column] = RobustCut(columnErrors[column].AsSpan(0, covered), thresholdMads, minimumCut);
        }

        var scores = rowScores.ToArray();
        var threshold = contamination is { } c
            ? ContaminationThreshold.FromScores(scores, c)
            : RobustCut(scores.AsSpan(), thresholdMads, minimumCut);
        return new FittedLstmAutoencoder(Name, ClipZ, Network, _parameters, Standardiser, [.. ColumnNames], threshold, cuts, _trainingLoss)
        {
            MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        };
    }

    private void AccumulateSeries(
        StandardisedSeries series, int group, SequenceAutoencoder.Workspace workspace, double[] sumSquared, double[] sumResidual, int[] coverage)
    {
        var columns = Columns;
        var length = WindowLength;
        for (var w = series.GroupWindowOffsets[group]; w < series.GroupWindowOffsets[group + 1]; w++)
        {
            var start = series.WindowStarts[w];
            var window = series.Window(start, length);
            Network.Forward(_parameters, window, workspace);
            for (var i = 0; i < window.Length; i++)
            {
                var difference = window[i] - workspace.Output[i];
                sumSquared[start * columns + i] += difference * difference;
                sumResidual[start * columns + i] += difference;
            }

            for (var step = 0; step < length; step++)
            {
                coverage[start + step]++;
            }
        }
    }

    private static double RootMean(ReadOnlySpan<double> squares)
    {
        var sum = 0.0;
        foreach (var value in squares)
        {
            sum += value;
        }

        return Math.Sqrt(sum / squares.Length);
    }

    /// <summary>median + k·σ̂ (σ̂ the MAD-based scale) of the errors, at least <paramref name="minimum"/>; +∞ when there are none.</summary>
    private static double RobustCut(Span<double> errors, double k, double minimum)
    {
        if (errors.IsEmpty)
        {
            return double.PositiveInfinity;
        }

        var (median, scale) = RobustStatistics.MedianAndScale(errors.ToArray());
        return Math.Max(median + k * scale, minimum);
    }
}
