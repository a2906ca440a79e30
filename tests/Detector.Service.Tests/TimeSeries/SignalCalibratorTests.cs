using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class SignalCalibratorTests
{
    private const double Floor = 1e-9;

    [Fact]
    public void Repeat_of_a_few_past_excursions_is_news_by_quantile_but_not_by_top_rank()
    {
        var byQuantile = new SignalCalibrator(historyLength: 1000, quantile: 0.995, topRank: 0, minimumHistory: 10);
        var byRank = new SignalCalibrator(historyLength: 1000, quantile: 0.995, topRank: 3, minimumHistory: 10);
        // 996 ordinary values and 4 excursions of 10: the 99.5% quantile is still an ordinary value.
        foreach (var calibrator in new[] { byQuantile, byRank })
        {
            for (var i = 0; i < 1000; i++)
            {
                calibrator.Next(i % 250 == 0 ? 10.0 : 1.0, Floor);
            }
        }

        Assert.True(byQuantile.Next(10.0, Floor) > 5.0);
        Assert.True(byRank.Next(10.0, Floor) <= 1.0);
    }

    [Fact]
    public void Delayed_history_keeps_a_run_of_large_values_unusual_to_its_end()
    {
        var immediate = new SignalCalibrator(historyLength: 1000, quantile: 0.995, topRank: 3, minimumHistory: 10, delay: 0);
        var delayed = new SignalCalibrator(historyLength: 1000, quantile: 0.995, topRank: 3, minimumHistory: 10, delay: 16);
        foreach (var calibrator in new[] { immediate, delayed })
        {
            for (var i = 0; i < 200; i++)
            {
                calibrator.Next(1.0, Floor);
            }
        }

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
        var calibrator = new SignalCalibrator(historyLength: 100, quantile: 0.995, topRank: 15, minimumHistory: 20, delay: 16);

        var ratios = Enumerable.Range(0, 36).Select(i => calibrator.Next(i + 1.0, Floor)).ToArray();

        // With a 16-point delay the 20th value reaches the history only after the 36th is seen.
        Assert.All(ratios, static r => Assert.Equal(0.0, r));
        Assert.True(calibrator.Next(1000.0, Floor) > 1.0);
    }
}
