namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// How many of a service's records of one sort (its ERROR lines, its events of a name) fell in each time bucket of one
/// incident's window. Unlike a metric, a bucket without records is a reading of zero wherever the run was observed,
/// which is what a burst of error lines stands out against.
/// </summary>
public sealed class BucketCounts(DateTime from, DateTime to, int buckets)
{
    // A count over a few seconds is mostly zeros and ones: a bucket covers a quarter of a minute at least.
    private static readonly TimeSpan ShortestBucket = TimeSpan.FromSeconds(15);

    private readonly int[] _count = new int[buckets];

    /// <summary>Buckets for a window: as many as a series has, but none shorter than a quarter of a minute.</summary>
    public static int BucketsFor(DateTime from, DateTime to, int most) =>
        (int)Math.Clamp((to - from).Ticks / ShortestBucket.Ticks, 1, most);

    public void Add(DateTime timestamp) => _count[MetricSeries.BucketOf(from, to, _count.Length, timestamp)]++;

    /// <summary>
    /// The counts per minute as a series of one reading per bucket, over the buckets at least half inside the time the
    /// run was observed (<paramref name="seenFrom"/> to <paramref name="seenTo"/>): a bucket the run's records did not
    /// reach is not a count of zero, and one it barely reached would make one line look like many per minute.
    /// </summary>
    public MetricSeries PerMinute(DateTime seenFrom, DateTime seenTo)
    {
        var series = new MetricSeries(from, to, _count.Length);
        var width = (to - from).Ticks / (double)_count.Length;
        for (var bucket = 0; bucket < _count.Length; bucket++)
        {
            var start = from.Ticks + bucket * width;
            var seen = Math.Min(start + width, seenTo.Ticks) - Math.Max(start, seenFrom.Ticks);
            if (seen >= width / 2)
            {
                series.Add(series.TimeOf(bucket), _count[bucket] * (TimeSpan.TicksPerMinute / seen));
            }
        }

        return series;
    }
}
