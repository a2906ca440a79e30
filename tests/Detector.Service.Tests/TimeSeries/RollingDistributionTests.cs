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

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(64, 3)]
    [InlineData(500, 4)]
    public void Every_rank_and_quantile_matches_a_sorted_copy_of_the_window_as_values_come_and_go(int capacity, int seed)
    {
        // Few distinct values (ties), infinities, NaN (ranked lowest) and runs that rise or fall past the whole window,
        // so that leaving and arriving values meet in every order the one-shift replacement distinguishes.
        var random = new Random(seed);
        var distribution = new RollingDistribution(capacity);
        var window = new Queue<double>();
        for (var step = 0; step < 4 * capacity + 200; step++)
        {
            var value = (step / 50 % 4) switch
            {
                0 => random.Next(6),
                1 => step,
                2 => -step,
                _ => random.Next(10) switch { 0 => double.PositiveInfinity, 1 => double.NegativeInfinity, 2 => double.NaN, _ => random.NextDouble() },
            };
            distribution.Add(value);
            window.Enqueue(double.IsNaN(value) ? double.NegativeInfinity : value);
            if (window.Count > capacity)
            {
                window.Dequeue();
            }

            var sorted = window.Order().ToArray();
            Assert.Equal(sorted.Length, distribution.Count);
            for (var rank = 1; rank <= sorted.Length; rank++)
            {
                Assert.Equal(sorted[^rank], distribution.Largest(rank));
            }

            foreach (var q in (double[])[0.0, 0.1, 0.5, 0.9, 1.0])
            {
                Assert.Equal(sorted[(int)Math.Floor(q * (sorted.Length - 1))], distribution.Quantile(q));
            }
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void A_steady_rise_or_fall_longer_than_the_history_keeps_exactly_its_last_values(double direction)
    {
        // Each new value is beyond all held ones and each leaving one is at the other end, so blocks of the sorted
        // copy fill and split at one end and empty out at the other, again and again.
        const int capacity = 3 * RollingDistribution.BlockCapacity + 17;
        var distribution = new RollingDistribution(capacity);
        for (var step = 0; step < 10 * capacity; step++)
        {
            distribution.Add(direction * step);
            var held = Math.Min(step + 1, capacity);
            var newest = direction * step;
            var oldest = direction * (step - held + 1);
            Assert.Equal(Math.Max(newest, oldest), distribution.Largest(1));
            Assert.Equal(Math.Min(newest, oldest), distribution.Quantile(0.0));
            Assert.Equal(Math.Min(newest, oldest) + ((held - 1) / 2), distribution.Quantile(0.5));
        }
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
