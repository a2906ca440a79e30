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

    [Fact]
    public void Neighbour_rank_above_the_constructed_one_is_rejected()
    {
        var shapes = new NearestWindowDistance(windowLength: 4, historyLength: 100, neighbours: 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => shapes.Update(1.0, neighbours: 3));
    }
}
