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

    [Fact]
    public void Daily_square_wave_edges_raise_no_alarm_once_the_season_is_learned()
    {
        // A level that switches between two values twice a day: its edges are the largest steps the series makes, but
        // they come at the same time every day, so the seasonal step discounts them.
        var values = SyntheticSeries.DailySine(Days, noise: 0.5, seed: 19);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] += (i % SyntheticSeries.PointsPerDay) < SyntheticSeries.PointsPerDay / 2 ? 0.0 : 30.0;
        }

        var (_, flags) = Run(values);

        var learned = 4 * SyntheticSeries.PointsPerDay;
        var alarms = flags.AsSpan(learned).ToArray().Count(static f => f);
        Assert.True(alarms <= 3, $"{alarms} alarms on {values.Length - learned} points of a regular square wave");
    }

    [Fact]
    public void Recurring_burst_scores_lower_once_its_shape_is_familiar()
    {
        // The same two-point burst every 300 points on a flat noisy level: news the first time, routine by the fourth.
        var values = SyntheticSeries.Flat(Days, noise: 1.0, seed: 23);
        int[] bursts = [400, 700, 1000, 1300, 1600, 1900];
        foreach (var burst in bursts)
        {
            values[burst] += 30.0;
            values[burst + 1] += 30.0;
        }

        var gated = Run(values, new RobustStreamingDetectorOptions());
        var ungated = Run(values, new RobustStreamingDetectorOptions { RarityGate = 0.0 });

        Assert.Equal(ungated.Scores[bursts[0]], gated.Scores[bursts[0]]);
        Assert.All(bursts[3..], b => Assert.True(gated.Scores[b] < ungated.Scores[b], $"burst at {b}: gated {gated.Scores[b]:0.0000}, ungated {ungated.Scores[b]:0.0000}"));
    }

    [Fact]
    public void Neighbouring_phases_make_a_small_seasonal_deviation_stand_out()
    {
        // A one-point deviation of 4.3 noise deviations, watched by the seasonal residual alone. The median of three
        // noisy past values is itself noisy, which widens the residual's usual range; the median of fifteen (two
        // phases either side) is steadier, so the same deviation scores higher. Summed over ten seeded series.
        const int point = 3000;
        const double noise = 2.0;
        var samePhase = new RobustStreamingDetectorOptions { Signals = DetectorSignals.Seasonal, SeasonalPhaseTolerance = 0 };
        var neighbours = new RobustStreamingDetectorOptions { Signals = DetectorSignals.Seasonal, SeasonalPhaseTolerance = 2 };
        double samePhaseScores = 0, neighbourScores = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var values = SyntheticSeries.DailySine(Days, noise, seed);
            values[point] += 4.3 * noise;
            samePhaseScores += Run(values, samePhase).Scores[point];
            neighbourScores += Run(values, neighbours).Scores[point];
        }

        Assert.True(neighbourScores > samePhaseScores, $"summed scores: with neighbours {neighbourScores:0.000}, same phase only {samePhaseScores:0.000}");
    }

    [Fact]
    public void Run_of_sub_threshold_points_is_caught_more_often_with_persistence()
    {
        // A shift of 1.5 noise deviations for 24 points, watched by the level signal alone: single points rarely pass
        // the level's own decision, the run of them does. Ten seeded series, counted with and without persistence.
        const int start = 2600;
        const int length = 24;
        var level = new RobustStreamingDetectorOptions { Signals = DetectorSignals.Level };
        var levelOnly = new RobustStreamingDetectorOptions { Signals = DetectorSignals.Level, PersistenceWindow = 0 };
        int caughtWith = 0, caughtWithout = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var values = SyntheticSeries.Flat(Days, noise: 1.0, seed: seed);
            for (var i = start; i < start + length; i++)
            {
                values[i] += 1.5;
            }

            caughtWith += Run(values, level).Flags.AsSpan(start, length).Contains(true) ? 1 : 0;
            caughtWithout += Run(values, levelOnly).Flags.AsSpan(start, length).Contains(true) ? 1 : 0;
        }

        Assert.True(caughtWith >= caughtWithout + 3, $"caught {caughtWith}/10 with persistence, {caughtWithout}/10 without");
    }

    [Theory]
    [InlineData(nameof(RobustStreamingDetectorOptions.RarityGate))]
    [InlineData(nameof(RobustStreamingDetectorOptions.RarityNeighbours))]
    [InlineData(nameof(RobustStreamingDetectorOptions.PersistenceWindow))]
    [InlineData(nameof(RobustStreamingDetectorOptions.RarityHistory))]
    public void Out_of_range_rarity_or_persistence_option_is_rejected_with_its_name(string setting)
    {
        var options = setting switch
        {
            nameof(RobustStreamingDetectorOptions.RarityGate) => new RobustStreamingDetectorOptions { RarityGate = -1.0 },
            nameof(RobustStreamingDetectorOptions.RarityNeighbours) => new RobustStreamingDetectorOptions { RarityNeighbours = 0 },
            nameof(RobustStreamingDetectorOptions.RarityHistory) => new RobustStreamingDetectorOptions { RarityWindow = 64, RarityHistory = 100 },
            _ => new RobustStreamingDetectorOptions { PersistenceWindow = -5 },
        };

        var error = Assert.Throws<ArgumentException>(() => new RobustStreamingDetector(options));

        Assert.Contains(setting, error.Message);
    }

    private static (double[] Scores, bool[] Flags) Run(double[] values) => Run(values, new RobustStreamingDetectorOptions());

    private static (double[] Scores, bool[] Flags) Run(double[] values, RobustStreamingDetectorOptions options)
    {
        var detector = new RobustStreamingDetector(options);
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
