using System.Numerics.Tensors;

namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// A fitted <see cref="OneClassSvm"/>: scaler, random-feature map, weight vector w and boundary ρ; immutable.
/// The score of a row is the density ratio ρ / (w·z(x)): w·z(x) is the (support-vector weighted) kernel mass around x,
/// so 1 is the ν boundary and 10 means ten times less mass than there. It is capped where the kernel mass falls below
/// what the approximation can resolve (<see cref="MassFloor"/>), and never exceeds <see cref="MaxScore"/>.
/// </summary>
public sealed class FittedOneClassSvm : IFittedOutlierDetector, IFeatureAttribution, IDrivingFeature, IPersistentDetector
{
    /// <summary>The score of a row with no kernel mass around it at all.</summary>
    public const double MaxScore = 1000;

    private const string Magic = "OSVM";
    private const int FormatVersion = 1;
    private const int BlockRows = 1024;

    /// <summary>The share of <see cref="ScoreCap"/> that the threshold never exceeds.</summary>
    private const double CapShare = 0.995;

    private readonly string[] _columns;
    private readonly ColumnScaler _scaler;
    private readonly RandomFourierFeatures _map;
    private readonly double[] _weights;

    internal FittedOneClassSvm(string name, string[] columns, ColumnScaler scaler, RandomFourierFeatures map, double[] weights, double rho, double threshold)
    {
        Name = name;
        _columns = columns;
        _scaler = scaler;
        _map = map;
        _weights = weights;
        Rho = rho;
        // For a row far from every training row the phases of cos(Wx + b) are effectively random, so w·z(x) is noise
        // with standard deviation ‖w‖/√2: kernel mass below twice that is indistinguishable from none.
        MassFloor = Math.Max(2.0 * Math.Sqrt(TensorPrimitives.Dot(weights, weights) / 2.0), rho / MaxScore);
        // The cap ρ / MassFloor depends on the fit and often lies near the configured ratio (about 2 on the default
        // features): a threshold at or above it could never be exceeded and the model would flag nothing, not even rows
        // with no resolvable kernel mass around them. Those rows are outliers by any threshold, so it stays under the cap.
        Threshold = Math.Min(threshold, ScoreCap * CapShare);
    }

    /// <summary>The highest score the model gives: ρ / <see cref="MassFloor"/>, a row with no resolvable kernel mass.</summary>
    public double ScoreCap => Rho / MassFloor;

    public string Name { get; }

    public double Threshold { get; }

    /// <summary>The learned offset ρ: rows with w·z(x) below it lie outside the ν boundary.</summary>
    public double Rho { get; }

    /// <summary>
    /// The smallest kernel mass the random-feature approximation can tell from zero (twice its noise for a row far
    /// from all data); the score is capped at ρ / <see cref="MassFloor"/>, so the model is never more certain than its
    /// kernel approximation allows.
    /// </summary>
    public double MassFloor { get; }

    /// <summary>The RBF width the random features approximate.</summary>
    public double Gamma => _map.Gamma;

    public int Components => _map.Components;

    internal FittedOneClassSvm WithThreshold(double threshold) => new(Name, _columns, _scaler, _map, _weights, Rho, threshold);

    public void Score(FeatureMatrix data, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != _columns.Length)
        {
            throw new ArgumentException($"The SVM was fitted on {_columns.Length} columns; the data has {data.Columns}.", nameof(data));
        }

        if (scores.Length < data.Rows)
        {
            throw new ArgumentException("The score span is shorter than the number of rows.", nameof(scores));
        }

        var result = new double[data.Rows];
        var blocks = (data.Rows + BlockRows - 1) / BlockRows;
        Parallel.For(0, blocks, () => (new double[_columns.Length], new double[_map.Components]), (block, _, buffers) =>
        {
            var (scaled, features) = buffers;
            var end = Math.Min(data.Rows, (block + 1) * BlockRows);
            for (var row = block * BlockRows; row < end; row++)
            {
                result[row] = ScoreRow(data.Row(row), scaled, features);
            }

            return buffers;
        }, static _ => { });
        result.CopyTo(scores);
    }

    /// <summary>Also writes, per row, the scaled feature farthest from its center: the direction the row left the bulk in.</summary>
    public void Score(FeatureMatrix data, Span<double> scores, Span<int> drivingFeature)
    {
        Score(data, scores);
        var scaled = new double[_columns.Length];
        for (var row = 0; row < data.Rows; row++)
        {
            drivingFeature[row] = DrivingFeature(data.Row(row), scaled);
        }
    }

    /// <summary>The scaled feature with the largest |value|; -1 for a row at the center.</summary>
    public int DrivingFeature(ReadOnlySpan<double> row) => DrivingFeature(row, new double[_columns.Length]);

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = ModelFileHeader.Open(stream);
        ModelFileHeader.Write(writer, Magic, FormatVersion, Name, _columns);
        writer.Write(Rho);
        writer.Write(Threshold);
        writer.Write(_map.Components);
        writer.Write(_map.Gamma);
        WriteArray(writer, _scaler.Centers);
        WriteArray(writer, _scaler.Scales);
        WriteArray(writer, _map.Weights);
        WriteArray(writer, _map.Offsets);
        WriteArray(writer, _weights);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; it scores exactly as the saved one did.</summary>
    public static FittedOneClassSvm Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = ModelFileHeader.OpenRead(stream);
        var (name, columns) = ModelFileHeader.Read(reader, Magic, FormatVersion);
        var rho = reader.ReadDouble();
        var threshold = reader.ReadDouble();
        var components = reader.ReadInt32();
        var gamma = reader.ReadDouble();
        var scaler = ColumnScaler.From(ReadArray(reader), ReadArray(reader));
        var map = RandomFourierFeatures.From(columns.Length, components, gamma, ReadArray(reader), ReadArray(reader));
        return new FittedOneClassSvm(name, columns, scaler, map, ReadArray(reader), rho, threshold);
    }

    private double ScoreRow(ReadOnlySpan<double> row, double[] scaled, double[] features)
    {
        _scaler.Transform(row, scaled);
        _map.Map(scaled, features);
        var mass = TensorPrimitives.Dot(_weights, features);
        return Rho / Math.Max(mass, MassFloor);
    }

    private int DrivingFeature(ReadOnlySpan<double> row, double[] scaled)
    {
        _scaler.Transform(row, scaled);
        var best = -1;
        var largest = 0.0;
        for (var column = 0; column < scaled.Length; column++)
        {
            if (Math.Abs(scaled[column]) > largest)
            {
                largest = Math.Abs(scaled[column]);
                best = column;
            }
        }

        return best;
    }

    private static void WriteArray(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static double[] ReadArray(BinaryReader reader)
    {
        var values = new double[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }
}
