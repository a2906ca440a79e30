namespace AnomalyPlatform.Detector.Features;

/// <summary>The first and last of a set of timestamps (in ticks), for laying time windows over a run.</summary>
internal static class TickRange
{
    /// <summary>(0, 0) for no timestamps; the rows need not be in time order.</summary>
    public static (long First, long Last) Of(ReadOnlySpan<long> ticks)
    {
        if (ticks.IsEmpty)
        {
            return (0, 0);
        }

        long first = long.MaxValue, last = long.MinValue;
        foreach (var t in ticks)
        {
            first = Math.Min(first, t);
            last = Math.Max(last, t);
        }

        return (first, last);
    }
}
