using System.Runtime.CompilerServices;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// One metric of one service over one incident's window, in equal time buckets: the minimum, maximum and mean of every
/// instance's readings in each. A chart of a few hundred buckets shows a window of any length at the same size.
/// </summary>
public sealed class MetricSeries(DateTime from, DateTime to, int buckets)
{
    private readonly double[] _min = Filled(buckets, double.PositiveInfinity);
    private readonly double[] _max = Filled(buckets, double.NegativeInfinity);
    private readonly double[] _sum = new double[buckets];
    private readonly int[] _count = new int[buckets];

    public DateTime From { get; } = from;

    public DateTime To { get; } = to;

    public int Buckets => _count.Length;

    public int Readings { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(DateTime timestamp, double value)
    {
        var bucket = BucketOf(timestamp);
        _min[bucket] = Math.Min(_min[bucket], value);
        _max[bucket] = Math.Max(_max[bucket], value);
        _sum[bucket] += value;
        _count[bucket]++;
        Readings++;
    }

    /// <summary>The bucket that holds <paramref name="timestamp"/> (the first or last for a time outside the window).</summary>
    public int BucketOf(DateTime timestamp) => BucketOf(From, To, Buckets, timestamp);

    internal static int BucketOf(DateTime from, DateTime to, int buckets, DateTime timestamp) =>
        Math.Clamp((int)((timestamp - from).Ticks * (double)buckets / Math.Max(1, (to - from).Ticks)), 0, buckets - 1);

    public bool HasBucket(int bucket) => _count[bucket] > 0;

    public double MinOf(int bucket) => _min[bucket];

    public double MaxOf(int bucket) => _max[bucket];

    public double MeanOf(int bucket) => _sum[bucket] / _count[bucket];

    /// <summary>The middle of a bucket, where its point is drawn.</summary>
    public DateTime TimeOf(int bucket) => From + TimeSpan.FromTicks((long)((bucket + 0.5) * (To - From).Ticks / Buckets));

    private static double[] Filled(int length, double value)
    {
        var values = new double[length];
        Array.Fill(values, value);
        return values;
    }
}
