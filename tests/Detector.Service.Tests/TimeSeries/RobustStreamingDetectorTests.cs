using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class RobustStreamingDetectorTests
{
    private const int Days = 14;

    [Fact]
    public void Spike_on_a_noisy_daily_series_is_flagged_where_it_happens()
    {
        var values = SyntheticSeries.DailySine(Days, noise: 1.0, seed: 7);
        const int spike = 3000;
        values[spike] += 40.0;

        var (scores, flags) = Run(values);

        Assert.True(flags[spike], $"score at the spike {scores[spike]:0.000}");
        Assert.True(scores[spike] > 0.9);
    }

    [Fact]
    public void Level_shift_is_flagged_within_a_few_points_of_its_start()
    {
        var values = SyntheticSeries.DailySine(Days, noise: 1.0, seed: 11);
        const int shift = 2500;
        for (var i = shift; i < values.Length; i++)
        {
            values[i] += 15.0;
        }

        var (_, flags) = Run(values);

        Assert.Contains(true, flags.AsSpan(shift, 12).ToArray());
    }

    [Fact]
    public void Clean_periodic_series_raises_no_alarm_once_its_season_is_learned()
    {
        var values = SyntheticSeries.DailySine(Days, noise: 0.0, seed: 3);

        var (_, flags) = Run(values);

        var learned = 4 * SyntheticSeries.PointsPerDay;
        Assert.DoesNotContain(true, flags.AsSpan(learned).ToArray());
    }

    [Fact]
    public void Pure_noise_on_a_periodic_series_raises_at_most_one_alarm_per_500_points()
    {
        var values = SyntheticSeries.DailySine(Days, noise: 1.0, seed: 5);

        var (_, flags) = Run(values);

        // ~3,100 points after the season is learned; Gaussian tails beyond 1.2 x the 99.5% quantile of five signals
        // still happen (5 here): the price of the sensitivity NAB rewards, measured rather than hidden.
        var alarms = flags.AsSpan(4 * SyntheticSeries.PointsPerDay).ToArray().Count(static f => f);
        Assert.True(alarms <= 6, $"{alarms} alarms");
    }

    [Fact]
    public void Same_series_gives_identical_scores_on_every_run()
    {
        var values = SyntheticSeries.DailySine(Days, noise: 2.0, seed: 13);
        values[2000] -= 30.0;

        var first = Run(values);
        var second = Run(values);

        Assert.Equal(first.Scores, second.Scores);
        Assert.Equal(first.Flags, second.Flags);
    }

    [Fact]
    public void Scores_stay_between_zero_and_one_and_warm_up_is_silent()
    {
        var values = SyntheticSeries.DailySine(3, noise: 5.0, seed: 17);
        values[50] = 1e9;

        var (scores, flags) = Run(values);

        Assert.All(scores, static s => Assert.InRange(s, 0.0, 1.0));
        Assert.DoesNotContain(true, flags.AsSpan(0, new RobustStreamingDetectorOptions().WarmUpPoints).ToArray());
    }

    [Fact]
    public void Out_of_range_option_is_rejected_with_its_name()
    {
        var options = new RobustStreamingDetectorOptions { CalibrationQuantile = 1.5 };

        var error = Assert.Throws<ArgumentException>(() => new RobustStreamingDetector(options));

        Assert.Contains(nameof(RobustStreamingDetectorOptions.CalibrationQuantile), error.Message);
    }

    private static (double[] Scores, bool[] Flags) Run(double[] values)
    {
        var detector = new RobustStreamingDetector();
        var scores = new double[values.Length];
        var flags = new bool[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var point = detector.Update(SyntheticSeries.TimestampAt(i), values[i]);
            scores[i] = point.Score;
            flags[i] = point.IsAnomaly;
        }

        return (scores, flags);
    }
}
