using AnomalyPlatform.RootCause.Output.Report;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Output.Report;

/// <summary>Counts per minute: zero where the run was observed and nothing counted, no reading where it was not.</summary>
public sealed class BucketCountsTests
{
    [Fact]
    public void A_bucket_without_records_is_zero_only_where_the_run_was_observed()
    {
        // 150 s in ten buckets of 15 s; the run's records end at 100 s, two thirds into the seventh bucket.
        var counts = new BucketCounts(T0, T0.AddSeconds(150), BucketCounts.BucketsFor(T0, T0.AddSeconds(150), 160));
        counts.Add(T0.AddSeconds(20));
        counts.Add(T0.AddSeconds(25));
        counts.Add(T0.AddSeconds(95));

        var perMinute = counts.PerMinute(T0, T0.AddSeconds(100));

        Assert.Equal(10, perMinute.Buckets);
        Assert.Equal([0, 8, 0, 0, 0, 0, 6], Enumerable.Range(0, 7).Select(perMinute.MeanOf));
        // The seventh bucket seen for 10 of its 15 s: one line in 10 s is 6 a minute. The last three the run never reached.
        Assert.All(Enumerable.Range(7, 3), bucket => Assert.False(perMinute.HasBucket(bucket)));
    }

    [Fact]
    public void A_short_window_gets_buckets_of_a_quarter_minute_at_least_and_a_long_one_the_most_a_series_has()
    {
        Assert.Equal(4, BucketCounts.BucketsFor(T0, T0.AddMinutes(1), 160));
        Assert.Equal(1, BucketCounts.BucketsFor(T0, T0.AddSeconds(5), 160));
        Assert.Equal(160, BucketCounts.BucketsFor(T0, T0.AddHours(2), 160));
    }
}
