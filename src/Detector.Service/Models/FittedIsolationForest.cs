namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// A fitted <see cref="IsolationForest"/>: all trees in one flat array of 16-byte nodes (no object per node), immutable.
/// Scores rows in blocks, tree by tree (each tree completed and heap-ordered, <see cref="HeapOrderedForest"/>), so that
/// each tree stays in cache while a block of rows runs through it.
/// </summary>
public sealed class FittedIsolationForest : IFittedOutlierDetector, IFeatureAttribution, IDrivingFeature, IPersistentDetector
{
    private const string Magic = "IFOR";
    private const int FormatVersion = 1;
    private const int BlockRows = 2048;

    private readonly string[] _columns;
    private readonly IsolationTreeNode[] _nodes;
    private readonly int[] _treeOffsets;
    private readonly double _normaliser;
    private readonly HeapOrderedForest _scoring;

    internal FittedIsolationForest(string name, string[] columns, int sampleSize, IsolationTreeNode[] nodes, int[] treeOffsets, double threshold)
        : this(name, columns, sampleSize, nodes, treeOffsets, new HeapOrderedForest(nodes, treeOffsets), threshold)
    {
    }

    private FittedIsolationForest(
        string name, string[] columns, int sampleSize, IsolationTreeNode[] nodes, int[] treeOffsets, HeapOrderedForest scoring, double threshold)
    {
        Name = name;
        _columns = columns;
        SampleSize = sampleSize;
        _nodes = nodes;
        _treeOffsets = treeOffsets;
        _normaliser = AveragePathLength.Of(sampleSize);
        _scoring = scoring;
        Threshold = threshold;
    }

    public string Name { get; }

    /// <summary>Rows scoring strictly above this (s in 0..1) are anomalies.</summary>
    public double Threshold { get; }

    /// <summary>ψ, the sub-sample size the trees were grown on.</summary>
    public int SampleSize { get; }

    public int Trees => _treeOffsets.Length - 1;

    public int Nodes => _nodes.Length;

    public IReadOnlyList<string> ColumnNames => _columns;

    internal FittedIsolationForest WithThreshold(double threshold) => new(Name, _columns, SampleSize, _nodes, _treeOffsets, _scoring, threshold);

    /// <summary>Writes s = 2^(−E[h]/c(ψ)) per row: about 0.5 and below for normal rows, towards 1 for anomalies.</summary>
    public void Score(FeatureMatrix data, Span<double> scores)
    {
        Check(data, scores.Length);
        var result = new double[data.Rows];
        var blocks = (data.Rows + BlockRows - 1) / BlockRows;
        Parallel.For(0, blocks, block =>
        {
            var start = block * BlockRows;
            var count = Math.Min(BlockRows, data.Rows - start);
            ScoreBlock(data, start, result.AsSpan(start, count));
        });
        result.CopyTo(scores);
    }

    /// <summary>Also writes, per row, the feature of the split that most often isolated it (the last split on its path), over all trees.</summary>
    public void Score(FeatureMatrix data, Span<double> scores, Span<int> drivingFeature)
    {
        Score(data, scores);
        for (var row = 0; row < data.Rows; row++)
        {
            drivingFeature[row] = DrivingFeature(data.Row(row));
        }
    }

    /// <summary>The mean path length E[h] of one row over the trees.</summary>
    public double PathLength(ReadOnlySpan<double> row) => PathLengthSum(row) / Trees;

    /// <summary>The row's path lengths summed over the trees in order, walking each depth-first tree node by node.</summary>
    internal double PathLengthSum(ReadOnlySpan<double> row)
    {
        var sum = 0.0;
        for (var tree = 0; tree < Trees; tree++)
        {
            sum += Traverse(row, _treeOffsets[tree]);
        }

        return sum;
    }

    /// <summary>The feature whose split ends the row's path in the most trees; -1 when every tree isolates it without a split.</summary>
    public int DrivingFeature(ReadOnlySpan<double> row)
    {
        Span<int> votes = stackalloc int[_columns.Length];
        votes.Clear();
        for (var tree = 0; tree < Trees; tree++)
        {
            var offset = _treeOffsets[tree];
            var index = offset;
            var lastFeature = -1;
            while (!_nodes[index].IsLeaf)
            {
                var node = _nodes[index];
                lastFeature = node.Feature;
                index = row[node.Feature] < node.Value ? index + 1 : offset + node.Right;
            }

            if (lastFeature >= 0)
            {
                votes[lastFeature]++;
            }
        }

        var best = -1;
        for (var column = 0; column < votes.Length; column++)
        {
            if (votes[column] > 0 && (best < 0 || votes[column] > votes[best]))
            {
                best = column;
            }
        }

        return best;
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = ModelFileHeader.Open(stream);
        ModelFileHeader.Write(writer, Magic, FormatVersion, Name, _columns);
        writer.Write(SampleSize);
        writer.Write(Threshold);
        writer.Write(_treeOffsets.Length);
        foreach (var offset in _treeOffsets)
        {
            writer.Write(offset);
        }

        foreach (var node in _nodes)
        {
            writer.Write(node.Feature);
            writer.Write(node.Right);
            writer.Write(node.Value);
        }
    }

    /// <summary>Reads a forest written by <see cref="Save"/>; it scores exactly as the saved one did.</summary>
    public static FittedIsolationForest Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = ModelFileHeader.OpenRead(stream);
        var (name, columns) = ModelFileHeader.Read(reader, Magic, FormatVersion);
        var sampleSize = reader.ReadInt32();
        var threshold = reader.ReadDouble();
        var offsets = new int[reader.ReadInt32()];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = reader.ReadInt32();
        }

        var nodes = new IsolationTreeNode[offsets[^1]];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = new IsolationTreeNode(reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble());
        }

        return new FittedIsolationForest(name, columns, sampleSize, nodes, offsets, threshold);
    }

    private void ScoreBlock(FeatureMatrix data, int start, Span<double> scores)
    {
        scores.Clear();
        _scoring.AddPathLengths(data, start, scores);
        var scale = -1.0 / (Trees * _normaliser);
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = _normaliser > 0 ? Math.Pow(2.0, scores[i] * scale) : 0.5;
        }
    }

    private double Traverse(ReadOnlySpan<double> row, int offset)
    {
        var nodes = _nodes;
        var index = offset;
        while (true)
        {
            var node = nodes[index];
            if (node.Feature < 0)
            {
                return node.Value;
            }

            // NaN compares false and goes right, as it did when the tree was grown.
            index = row[node.Feature] < node.Value ? index + 1 : offset + node.Right;
        }
    }

    private void Check(FeatureMatrix data, int scoreLength)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != _columns.Length)
        {
            throw new ArgumentException($"The forest was fitted on {_columns.Length} columns; the data has {data.Columns}.", nameof(data));
        }

        if (scoreLength < data.Rows)
        {
            throw new ArgumentException("The score span is shorter than the number of rows.", nameof(scoreLength));
        }
    }
}
