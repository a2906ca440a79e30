namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// What the times of calls within their callers say of two clocks: a call cannot begin before the span that made it,
/// nor, when shorter than it, end after it, so each call bounds the callee's clock offset from the caller's from one
/// side. Shared by the clocks of instances (<see cref="ClockOffsets"/>: a call between two) and of a pod's log lines
/// (<see cref="LogClockOffsets"/>: a line within its span, a call of no length).
/// </summary>
internal static class ClockBounds
{
    /// <summary>
    /// The bounds on the callee's offset less the caller's with which the fewest calls begin before their caller or,
    /// shorter than it, end after it, narrowed to their middle where they do not hold none; null when most calls
    /// disagree whatever the offset.
    /// </summary>
    public static (double Low, double High)? Agreeing(Gaps gaps)
    {
        // An offset d agrees with a call when d <= its start gap, and with a shorter call when d >= -(its end gap). The
        // fewest disagreeing are found at one of those bounds.
        var highs = gaps.Starts.Order().ToArray();
        var lows = gaps.Ends.Select(static gap => -gap).Order().ToArray();
        var fewest = long.MaxValue;
        double low = 0, high = 0;
        foreach (var d in highs.Concat(lows).Order())
        {
            var disagreeing = Count(highs, d, atToo: false) + (lows.Length - Count(lows, d, atToo: true));
            if (disagreeing < fewest)
            {
                (fewest, low, high) = (disagreeing, d, d);
            }
            else if (disagreeing == fewest)
            {
                high = d;
            }
        }

        if (fewest * 2 > highs.Length)
        {
            return null;
        }

        // Below every bound from below, only those calls disagree.
        low = lows.Length == fewest ? double.NegativeInfinity : low;
        if (low <= 0 && 0 <= high)
        {
            return (low, high);
        }

        // Clocks that disagree: their offset is taken as the middle of those that agree, the network's time each way
        // alike (as Zipkin's correction takes it), rather than the least move, which would start the calls with their caller.
        var middle = double.IsNegativeInfinity(low) ? high : (low + high) / 2;
        return (middle, middle);
    }

    /// <summary>How many of the sorted values are below <paramref name="value"/>, or at it too.</summary>
    private static int Count(long[] sorted, double value, bool atToo)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = sorted[middle] < value || (atToo && sorted[middle] == value) ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    /// <summary>A pair's calls: each one's start less its caller's, and for those shorter than their caller, its caller's end less its own.</summary>
    public sealed class Gaps
    {
        public List<long> Starts { get; } = [];

        public List<long> Ends { get; } = [];
    }
}
