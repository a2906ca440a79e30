using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class SignalCalibratorTests
{
    private const double Floor = 1e-9;

    [Fact]
    public void Reference_rank_grows_with_the_square_root_of_the_history()
    {
        var shortHistory = new SignalCalibrator(historyLength: 10_000, rankScale: 0.2, minimumHistory: 10);
        var longHistory = new SignalCalibrator(historyLength: 10_000, rankScale: 0.2, minimumHistory: 10);

        Feed(shortHistory, 1.0, 400);
        Feed(longHistory, 1.0, 6400);

        // 0.2 x sqrt(400) = 4; 0.2 x sqrt(6,400) = 16: four times the rank for sixteen times the history.
        Assert.Equal(4, shortHistory.ReferenceRank);
        Assert.Equal(16, longHistory.ReferenceRank);
    }

    [Fact]
    public void Repeat_of_a_few_past_excursions_is_not_news_but_a_first_one_is()
    {
        var seen = new SignalCalibrator(historyLength: 1000, rankScale: 0.1, minimumHistory: 10);
        var unseen = new SignalCalibrator(historyLength: 1000, rankScale: 0.1, minimumHistory: 10);
        // 1,000 values with 4 excursions of 10: the reference is the 3rd largest (0.1 x sqrt(1,000) rounds to 3).
        for (var i = 0; i < 1000; i++)
        {
            seen.Next(i % 250 == 0 ? 10.0 : 1.0, Floor);
            unseen.Next(1.0, Floor);
        }

        Assert.True(seen.Next(10.0, Floor) <= 1.0);
        Assert.True(unseen.Next(10.0, Floor) > 5.0);
    }

    [Fact]
    public void Delayed_history_keeps_a_run_of_large_values_unusual_to_its_end()
    {
        var immediate = new SignalCalibrator(historyLength: 1000, rankScale: 0.2, minimumHistory: 10, delay: 0);
        var delayed = new SignalCalibrator(historyLength: 1000, rankScale: 0.2, minimumHistory: 10, delay: 16);
        Feed(immediate, 1.0, 200);
        Feed(delayed, 1.0, 200);

        double lastImmediate = 0, lastDelayed = 0;
        for (var i = 0; i < 10; i++)
        {
            lastImmediate = immediate.Next(10.0, Floor);
            lastDelayed = delayed.Next(10.0, Floor);
        }

        Assert.True(lastImmediate <= 1.0, $"immediate {lastImmediate}");
        Assert.True(lastDelayed > 5.0, $"delayed {lastDelayed}");
    }

    [Fact]
    public void Ratio_is_zero_until_the_minimum_history_is_reached()
    {
        var calibrator = new SignalCalibrator(historyLength: 100, rankScale: 0.2, minimumHistory: 20, delay: 16);

        var ratios = Enumerable.Range(0, 36).Select(i => calibrator.Next(i + 1.0, Floor)).ToArray();

        // With a 16-point delay the 20th value reaches the history only after the 36th is seen.
        Assert.All(ratios, static r => Assert.Equal(0.0, r));
        Assert.True(calibrator.Next(1000.0, Floor) > 1.0);
    }

    private static void Feed(SignalCalibrator calibrator, double value, int count)
    {
        for (var i = 0; i < count; i++)
        {
            calibrator.Next(value, Floor);
        }
    }
}
