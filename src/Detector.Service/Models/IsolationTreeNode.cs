using System.Runtime.InteropServices;

namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// One node of a flattened isolation tree (16 bytes). Trees are stored depth-first, so an internal node's left child
/// is the next node and only the right child's index is kept. A leaf (<see cref="Feature"/> &lt; 0) holds the whole
/// path length of the rows reaching it: its depth plus c(size) for the rows it did not separate further.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct IsolationTreeNode(int Feature, int Right, double Value)
{
    public bool IsLeaf => Feature < 0;

    public static IsolationTreeNode Leaf(double pathLength) => new(-1, -1, pathLength);
}
