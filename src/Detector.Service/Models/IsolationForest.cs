namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// Isolation Forest (Liu, Ting and Zhou, 2008): each tree isolates a random sub-sample of ψ rows by random splits —
/// a random feature, a split drawn uniformly between that feature's minimum and maximum in the node — down to the
/// height limit ⌈log₂ ψ⌉. Anomalies are few and different, so they are isolated close to the root; the score of a
/// row is s = 2^(−E[h(x)]/c(ψ)), E[h] its mean path length over the trees.
/// </summary>
/// <remarks>
/// Trees are built from their own seeded generator (seed + tree index), so the forest does not depend on how many
/// threads build it. Groups of the <see cref="FeatureMatrix"/> are ignored: the forest sees one point cloud.
/// </remarks>
public sealed class IsolationForest(IsolationForestOptions options) : IOutlierDetector
{
    public IsolationForestOptions Options { get; } = Validated(options);

    public string Name => Options.Name;

    IFittedOutlierDetector IOutlierDetector.Fit(FeatureMatrix training, CancellationToken cancellationToken) => Fit(training, cancellationToken);

    public FittedIsolationForest Fit(FeatureMatrix training, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Rows == 0)
        {
            throw new ArgumentException("An isolation forest needs at least one training row.", nameof(training));
        }

        var psi = Math.Min(Options.SampleSize, training.Rows);
        var heightLimit = (int)Math.Ceiling(Math.Log2(Math.Max(2, psi)));
        var trees = new IsolationTreeNode[Options.Trees][];
        Parallel.For(0, Options.Trees, new ParallelOptions { CancellationToken = cancellationToken }, tree =>
        {
            var random = new Random(unchecked(Options.Seed * 1_000_003 + tree));
            var sample = SampleRows(training.Rows, psi, random);
            var nodes = new List<IsolationTreeNode>(2 * psi);
            var builder = new TreeBuilder(training, sample, heightLimit, random, nodes);
            builder.Build(0, psi, 0);
            trees[tree] = [.. nodes];
        });

        var offsets = new int[Options.Trees + 1];
        for (var t = 0; t < trees.Length; t++)
        {
            offsets[t + 1] = offsets[t] + trees[t].Length;
        }

        var flat = new IsolationTreeNode[offsets[^1]];
        for (var t = 0; t < trees.Length; t++)
        {
            // Child indices are relative to the tree; scoring adds the tree's offset.
            trees[t].CopyTo(flat, offsets[t]);
        }

        var columnNames = training.ColumnNames.ToArray();
        var unthresholded = new FittedIsolationForest(Options.Name, columnNames, psi, flat, offsets, Options.ScoreThreshold);
        if (Options.Contamination is not { } contamination)
        {
            return unthresholded;
        }

        var scores = new double[training.Rows];
        unthresholded.Score(training, scores);
        return unthresholded.WithThreshold(ContaminationThreshold.FromScores(scores, contamination));
    }

    /// <summary>ψ distinct row indices by a partial Fisher–Yates shuffle (all rows when ψ = n).</summary>
    private static int[] SampleRows(int rows, int psi, Random random)
    {
        if (psi == rows)
        {
            var all = new int[rows];
            for (var i = 0; i < rows; i++)
            {
                all[i] = i;
            }

            return all;
        }

        // A hash set keeps sampling O(ψ) instead of O(n) when ψ ≪ n (a million rows, 256 drawn per tree).
        var chosen = new HashSet<int>(psi);
        var sample = new int[psi];
        var count = 0;
        while (count < psi)
        {
            var row = random.Next(rows);
            if (chosen.Add(row))
            {
                sample[count++] = row;
            }
        }

        Array.Sort(sample);
        return sample;
    }

    private static IsolationForestOptions Validated(IsolationForestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>Grows one tree depth-first over a slice of the sample, partitioning the row indices in place.</summary>
    private sealed class TreeBuilder(FeatureMatrix data, int[] rows, int heightLimit, Random random, List<IsolationTreeNode> nodes)
    {
        private readonly int[] _candidates = new int[data.Columns];

        public void Build(int start, int count, int depth)
        {
            if (depth >= heightLimit || count <= 1 || !TryPickSplit(start, count, out var feature, out var split))
            {
                nodes.Add(IsolationTreeNode.Leaf(depth + AveragePathLength.Of(count)));
                return;
            }

            var self = nodes.Count;
            nodes.Add(default);
            var left = Partition(start, count, feature, split);
            Build(start, left, depth + 1);
            var right = nodes.Count;
            Build(start + left, count - left, depth + 1);
            nodes[self] = new IsolationTreeNode(feature, right, split);
        }

        /// <summary>A random feature among those that still vary in the node, and a split uniform in [min, max).</summary>
        private bool TryPickSplit(int start, int count, out int feature, out double split)
        {
            var candidates = 0;
            for (var column = 0; column < data.Columns; column++)
            {
                var (min, max) = Range(start, count, column);
                if (max > min)
                {
                    _candidates[candidates++] = column;
                }
            }

            if (candidates == 0)
            {
                feature = -1;
                split = 0;
                return false;
            }

            feature = _candidates[random.Next(candidates)];
            var (lo, hi) = Range(start, count, feature);
            split = lo + random.NextDouble() * (hi - lo);
            if (split <= lo)
            {
                // Keep at least one row on the left (rows go left when value < split).
                split = Math.BitIncrement(lo);
            }

            return true;
        }

        private (double Min, double Max) Range(int start, int count, int column)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = start; i < start + count; i++)
            {
                var value = data[rows[i], column];
                if (value < min)
                {
                    min = value;
                }

                if (value > max)
                {
                    max = value;
                }
            }

            return (min, max);
        }

        private int Partition(int start, int count, int feature, double split)
        {
            var left = start;
            for (var i = start; i < start + count; i++)
            {
                if (data[rows[i], feature] < split)
                {
                    (rows[left], rows[i]) = (rows[i], rows[left]);
                    left++;
                }
            }

            return left - start;
        }
    }
}
