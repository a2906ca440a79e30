using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class RollingDistributionTests
{
    [Fact]
    public void Quantiles_and_ranks_are_exact_after_every_addition()
    {
        var distribution = new RollingDistribution(capacity: 5);

        foreach (var value in new[] { 3.0, 1.0, 4.0, 1.0, 5.0 })
        {
            distribution.Add(value);
        }

        Assert.Equal(1.0, distribution.Quantile(0.0));
        Assert.Equal(3.0, distribution.Quantile(0.5));
        Assert.Equal(5.0, distribution.Largest(1));
        Assert.Equal(4.0, distribution.Largest(2));
    }

    [Fact]
    public void Oldest_value_leaves_when_the_history_is_full()
    {
        var distribution = new RollingDistribution(capacity: 3);
        distribution.Add(100.0);
        distribution.Add(1.0);
        distribution.Add(2.0);

        distribution.Add(3.0);

        Assert.Equal(3, distribution.Count);
        Assert.Equal(3.0, distribution.Largest(1));
        Assert.Equal(1.0, distribution.Quantile(0.0));
    }

    [Fact]
    public void Rank_beyond_the_history_gives_its_minimum()
    {
        var distribution = new RollingDistribution(capacity: 10);
        distribution.Add(7.0);
        distribution.Add(2.0);

        Assert.Equal(2.0, distribution.Largest(15));
    }
}
