using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class ConformalWindowDetectorTests
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

        Assert.Contains(true, flags.AsSpan(shift, 8).ToArray());
    }

    [Fact]
    public void Clean_periodic_series_raises_no_alarm_once_a_season_has_been_seen()
    {
        var values = SyntheticSeries.DailySine(Days, noise: 0.0, seed: 3);

        var (_, flags) = Run(values);

        Assert.DoesNotContain(true, flags.AsSpan(2 * SyntheticSeries.PointsPerDay).ToArray());
    }

    [Fact]
    public void Pure_noise_on_a_periodic_series_alarms_about_as_often_as_its_alarm_level_allows()
    {
        // A window farther from the past than all but Alpha of past windows alarms, and the event it opens lasts until
        // the distance is back under its median: on ~3,500 points of noise, more alarms at a higher level, and at the
        // default 0.02 no more than a handful.
        var values = SyntheticSeries.DailySine(Days, noise: 1.0, seed: 5);
        int Alarms(double alpha) =>
            Run(values, new ConformalWindowDetectorOptions { Alpha = alpha }).Flags.AsSpan(2 * SyntheticSeries.PointsPerDay).ToArray().Count(static f => f);

        var (atMaximum, atDefault, atTenPercent) = (Alarms(0.0), Alarms(0.02), Alarms(0.1));

        Assert.True(atMaximum <= atDefault && atDefault < atTenPercent, $"alarms at 0: {atMaximum}, 0.02: {atDefault}, 0.1: {atTenPercent}");
        Assert.True(atDefault <= 5, $"{atDefault} alarms at 0.02");
    }

    [Fact]
    public void Scores_are_the_same_on_every_run_and_a_prefix_scores_as_the_start_of_the_whole_series()
    {
        // Streaming: a point's score depends on it and the points before it only.
        var values = SyntheticSeries.DailySine(Days, noise: 2.0, seed: 13);
        values[2000] -= 30.0;
        values[3000] += 30.0;

        var whole = Run(values);
        var again = Run(values);
        var prefix = Run(values[..2500]);

        Assert.Equal(whole.Scores, again.Scores);
        Assert.Equal(whole.Flags, again.Flags);
        Assert.Equal(whole.Scores[..2500], prefix.Scores);
        Assert.Equal(whole.Flags[..2500], prefix.Flags);
    }

    [Fact]
    public void Burst_during_the_warm_up_does_not_raise_the_bar_for_later_spikes()
    {
        // Only a new maximum alarms here (Alpha = 0): were the warm-up's huge distance calibrated, no later spike could.
        var values = SyntheticSeries.DailySine(Days, noise: 1.0, seed: 31);
        values[50] += 1000.0;
        values[2000] += 30.0;

        var (_, flags) = Run(values, new ConformalWindowDetectorOptions { Alpha = 0.0 });

        Assert.True(flags[2000]);
    }

    [Fact]
    public void Out_of_range_option_is_rejected_with_its_name()
    {
        var options = new ConformalWindowDetectorOptions { WindowLength = 64, NeighbourHistory = 100 };

        var error = Assert.Throws<ArgumentException>(() => new ConformalWindowDetector(options));

        Assert.Contains(nameof(ConformalWindowDetectorOptions.NeighbourHistory), error.Message);
    }

    private static (double[] Scores, bool[] Flags) Run(double[] values) => Run(values, new ConformalWindowDetectorOptions());

    private static (double[] Scores, bool[] Flags) Run(double[] values, ConformalWindowDetectorOptions options)
    {
        var detector = new ConformalWindowDetector(options);
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
