using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class NearestWindowDistanceTests
{
    [Fact]
    public void Distance_is_unknown_until_enough_past_windows_exist()
    {
        var shapes = new NearestWindowDistance(windowLength: 4, historyLength: 100, neighbours: 2);

        var early = new double[13];
        for (var i = 0; i < early.Length; i++)
        {
            early[i] = shapes.Update(i);
        }

        // Candidates must end a full window before the current one starts: with 4-point windows and the current window
        // at points 9..12, the candidates are 0..3 and 1..4, so two of them exist only from the 13th point on.
        Assert.All(early.AsSpan(0, 12).ToArray(), static d => Assert.Equal(-1.0, d));
        Assert.True(early[12] >= 0.0);
    }

    [Fact]
    public void Repeated_shape_is_near_and_new_shape_is_far()
    {
        var shapes = new NearestWindowDistance(windowLength: 8, historyLength: 400, neighbours: 2);
        double Feed(double value) => shapes.Update(value);
        double last = 0;
        for (var i = 0; i < 300; i++)
        {
            last = Feed(10.0 * Math.Sin(2.0 * Math.PI * i / 25.0));
        }

        var familiar = last;
        var novel = 0.0;
        for (var i = 0; i < 8; i++)
        {
            novel = Feed(40.0 + (3.0 * i));
        }

        Assert.True(familiar < 1e-6, $"familiar {familiar}");
        Assert.True(novel > 20.0, $"novel {novel}");
    }

    [Fact]
    public void Neighbour_rank_decides_how_often_a_shape_must_have_been_seen()
    {
        var once = new NearestWindowDistance(windowLength: 4, historyLength: 200, neighbours: 1);
        var thrice = new NearestWindowDistance(windowLength: 4, historyLength: 200, neighbours: 3);
        var values = new double[120];
        values[30] = values[31] = 50.0;      // a bump seen once before
        values[118] = values[119] = 50.0;    // and again now

        double first = 0, third = 0;
        foreach (var value in values)
        {
            first = once.Update(value);
            third = thrice.Update(value);
        }

        Assert.Equal(0.0, first, 9);
        Assert.True(third > 10.0, $"third neighbour {third}");
    }

    [Fact]
    public void Neighbour_rank_given_with_a_point_replaces_the_constructed_one()
    {
        var perPoint = new NearestWindowDistance(windowLength: 4, historyLength: 200, neighbours: 3);
        var constructed = new NearestWindowDistance(windowLength: 4, historyLength: 200, neighbours: 3);
        var values = new double[120];
        values[30] = values[31] = 50.0;      // a bump seen once before
        values[118] = values[119] = 50.0;    // and again now

        double first = 0, third = 0;
        foreach (var value in values)
        {
            first = perPoint.Update(value, neighbours: 1);
            third = constructed.Update(value);
        }

        Assert.Equal(0.0, first, 9);
        Assert.True(third > 10.0, $"third neighbour {third}");
    }

    [Theory]
    [InlineData(1, 3, 1)]
    [InlineData(3, 1, 2)]
    [InlineData(4, 2, 3)]
    [InlineData(5, 3, 4)]
    [InlineData(8, 3, 5)]
    [InlineData(9, 2, 6)]
    public void Distance_is_the_exact_kth_nearest_of_a_plain_search(int windowLength, int neighbours, int seed)
    {
        // The search compares several candidate windows at once and stops early; neither may change a single bit of
        // what a plain search over every past window, each summed in index order, gives.
        var random = new Random(seed);
        const int history = 120;
        var shapes = new NearestWindowDistance(windowLength, history, neighbours);
        var values = new List<double>();
        for (var step = 0; step < 600; step++)
        {
            // Repeated shapes (exact ties between candidates), noise, and steps far from everything seen.
            var value = step % 97 < 40 ? step % 7 : step % 151 == 0 ? 1e6 : Math.Round(random.NextDouble() * 20, 1);
            values.Add(value);
            Assert.Equal(PlainKthNearest(values, windowLength, history, neighbours), shapes.Update(value));
        }
    }

    private static double PlainKthNearest(List<double> values, int w, int history, int k)
    {
        var end = values.Count;
        var firstEnd = Math.Max(w, end - history);
        var distances = new List<double>();
        for (var candidateEnd = firstEnd; candidateEnd <= end - w - w; candidateEnd++)
        {
            var sum = 0.0;
            for (var i = 0; i < w; i++)
            {
                var d = values[end - w + i] - values[candidateEnd - w + i];
                sum += d * d;
            }

            distances.Add(sum);
        }

        if (distances.Count < k)
        {
            return -1.0;
        }

        distances.Sort();
        return Math.Sqrt(distances[k - 1] / w);
    }

    [Fact]
    public void Neighbour_rank_above_the_constructed_one_is_rejected()
    {
        var shapes = new NearestWindowDistance(windowLength: 4, historyLength: 100, neighbours: 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => shapes.Update(1.0, neighbours: 3));
    }
}
