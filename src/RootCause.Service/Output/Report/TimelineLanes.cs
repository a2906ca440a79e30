namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// Lays bars out in lanes so that none covers another: each bar goes to the lowest lane where it overlaps no bar
/// placed before it. Bars given in order of start take as few lanes as the most bars that overlap at one moment
/// (first fit colours an interval graph optimally in that order); bars given after them fill the gaps left.
/// </summary>
internal sealed class TimelineLanes(int maxLanes, double gap)
{
    /// <summary>Lanes' bars, each lane sorted by left edge; bars in one lane never overlap, so it is sorted by right edge too.</summary>
    private readonly List<List<(double Left, double Right)>> _lanes = [];

    public int Count => _lanes.Count;

    /// <summary>The lane (0 the top) the bar from <paramref name="left"/> to <paramref name="right"/> is placed in, or null when every one of the <c>maxLanes</c> lanes is taken at that time.</summary>
    public int? Place(double left, double right)
    {
        for (var lane = 0; lane < maxLanes; lane++)
        {
            if (lane == _lanes.Count)
            {
                _lanes.Add([]);
            }

            var bars = _lanes[lane];
            var at = InsertionPoint(bars, left);
            // A gap between bars so that two that meet stay two.
            if ((at == 0 || bars[at - 1].Right + gap <= left) && (at == bars.Count || right + gap <= bars[at].Left))
            {
                bars.Insert(at, (left, right));
                return lane;
            }
        }

        return null;
    }

    private static int InsertionPoint(List<(double Left, double Right)> bars, double left)
    {
        int low = 0, high = bars.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (bars[middle].Left <= left)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
