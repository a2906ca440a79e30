using System.Runtime.CompilerServices;

namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// The trees of a <see cref="FittedIsolationForest"/> laid out for scoring: each tree completed to its full depth and
/// stored heap-ordered (the children of node i are 2i + 1 and 2i + 2), a leaf above the last level standing in for
/// every node below it. A row then takes exactly as many steps as the tree is deep, each a comparison that picks the
/// next index arithmetically, without a branch to mispredict, so the steps of consecutive rows overlap in the CPU.
/// A row lands on the value of the leaf it reached in the depth-first tree, and the trees are summed in the same
/// order, so the scores are the same to the bit.
/// </summary>
internal sealed class HeapOrderedForest
{
    private readonly int[] _depths;
    private readonly int[] _offsets;
    private readonly int[] _features;
    private readonly double[] _thresholds;
    private readonly double[] _leaves;
    private readonly int[] _leafOffsets;

    public HeapOrderedForest(IsolationTreeNode[] nodes, int[] treeOffsets)
    {
        var trees = treeOffsets.Length - 1;
        _depths = new int[trees];
        _offsets = new int[trees + 1];
        _leafOffsets = new int[trees + 1];
        for (var tree = 0; tree < trees; tree++)
        {
            _depths[tree] = Depth(nodes, treeOffsets[tree], treeOffsets[tree]);
            _offsets[tree + 1] = _offsets[tree] + (1 << _depths[tree]) - 1;
            _leafOffsets[tree + 1] = _leafOffsets[tree] + (1 << _depths[tree]);
        }

        _features = new int[_offsets[trees]];
        _thresholds = new double[_offsets[trees]];
        _leaves = new double[_leafOffsets[trees]];
        for (var tree = 0; tree < trees; tree++)
        {
            Place(nodes, treeOffsets[tree], treeOffsets[tree], tree, 0, 0);
        }
    }

    /// <summary>Adds each tree's path length for every row of the block, tree by tree, to <paramref name="sums"/>.</summary>
    public void AddPathLengths(FeatureMatrix data, int start, Span<double> sums)
    {
        var features = _features;
        var thresholds = _thresholds;
        var leaves = _leaves;
        for (var tree = 0; tree < _depths.Length; tree++)
        {
            var depth = _depths[tree];
            var offset = _offsets[tree];
            var leafOffset = _leafOffsets[tree] - ((1 << depth) - 1);
            var i = 0;
            for (; i + 8 <= sums.Length; i += 8)
            {
                // Eight rows in step, each in a register of its own: their comparisons do not depend on each other,
                // so the CPU overlaps them (a loop over an array of eight indices is three times slower).
                var row0 = data.Row(start + i + 0);
                var row1 = data.Row(start + i + 1);
                var row2 = data.Row(start + i + 2);
                var row3 = data.Row(start + i + 3);
                var row4 = data.Row(start + i + 4);
                var row5 = data.Row(start + i + 5);
                var row6 = data.Row(start + i + 6);
                var row7 = data.Row(start + i + 7);
                int index0 = 0, index1 = 0, index2 = 0, index3 = 0, index4 = 0, index5 = 0, index6 = 0, index7 = 0;
                for (var level = 0; level < depth; level++)
                {
                    index0 = Step(row0, features, thresholds, offset, index0);
                    index1 = Step(row1, features, thresholds, offset, index1);
                    index2 = Step(row2, features, thresholds, offset, index2);
                    index3 = Step(row3, features, thresholds, offset, index3);
                    index4 = Step(row4, features, thresholds, offset, index4);
                    index5 = Step(row5, features, thresholds, offset, index5);
                    index6 = Step(row6, features, thresholds, offset, index6);
                    index7 = Step(row7, features, thresholds, offset, index7);
                }

                sums[i + 0] += leaves[leafOffset + index0];
                sums[i + 1] += leaves[leafOffset + index1];
                sums[i + 2] += leaves[leafOffset + index2];
                sums[i + 3] += leaves[leafOffset + index3];
                sums[i + 4] += leaves[leafOffset + index4];
                sums[i + 5] += leaves[leafOffset + index5];
                sums[i + 6] += leaves[leafOffset + index6];
                sums[i + 7] += leaves[leafOffset + index7];
            }

            for (; i < sums.Length; i++)
            {
                var row = data.Row(start + i);
                var index = 0;
                for (var level = 0; level < depth; level++)
                {
                    index = Step(row, features, thresholds, offset, index);
                }

                sums[i] += leaves[leafOffset + index];
            }
        }
    }

    /// <summary>One level down: left when below the split; NaN compares false and goes right, as when the tree was grown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ReadOnlySpan<double> row, int[] features, double[] thresholds, int offset, int index)
    {
        var node = offset + index;
        return 2 * index + 2 - (row[features[node]] < thresholds[node] ? 1 : 0);
    }

    private static int Depth(IsolationTreeNode[] nodes, int offset, int index)
    {
        var node = nodes[index];
        return node.IsLeaf ? 0 : 1 + Math.Max(Depth(nodes, offset, index + 1), Depth(nodes, offset, offset + node.Right));
    }

    /// <summary>Copies the depth-first subtree at <paramref name="index"/> to heap position <paramref name="position"/> at <paramref name="level"/>.</summary>
    private void Place(IsolationTreeNode[] nodes, int offset, int index, int tree, int position, int level)
    {
        var node = nodes[index];
        var depth = _depths[tree];
        if (level == depth)
        {
            _leaves[_leafOffsets[tree] + position - ((1 << depth) - 1)] = node.Value;
            return;
        }

        var heapIndex = _offsets[tree] + position;
        if (node.IsLeaf)
        {
            // Both ways lead to the same value: any split will do.
            _features[heapIndex] = 0;
            _thresholds[heapIndex] = double.NaN;
            Place(nodes, offset, index, tree, 2 * position + 1, level + 1);
            Place(nodes, offset, index, tree, 2 * position + 2, level + 1);
            return;
        }

        _features[heapIndex] = node.Feature;
        _thresholds[heapIndex] = node.Value;
        Place(nodes, offset, index + 1, tree, 2 * position + 1, level + 1);
        Place(nodes, offset, offset + node.Right, tree, 2 * position + 2, level + 1);
    }
}
