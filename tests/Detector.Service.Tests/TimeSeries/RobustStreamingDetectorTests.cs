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
    public void A_spike_just_after_the_warm_up_is_flagged_before_the_shape_gate_has_its_own_history()
    {
        // The shape gate's calibration fills a calibration delay and two shapes later than the signals'; until it has,
        // the gate must stay open (it had multiplied every ratio by 0 from the 109th point to about the 132nd).
        var options = new RobustStreamingDetectorOptions();
        var values = SyntheticSeries.DailySine(Days, noise: 1.0, seed: 11);
        var spike = options.WarmUpPoints + options.RarityWindow + 10;
        values[spike] += 40.0;

        var (scores, flags) = Run(values);

        Assert.True(flags[spike], $"score at the spike {scores[spike]:0.000}");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(13)]
    public void A_spike_after_a_far_larger_one_on_a_young_series_is_still_flagged(int seed)
    {
        // The first spike is in the RarityWindow shapes that hold it; had those alone set the shape gate's bar (its rank
        // is 4 at 400 points), the gate would have damped the second spike, 50 times smaller, to nothing.
        var values = SyntheticSeries.Flat(days: 3, noise: 1.0, seed)[..600];
        values[200] += 1000.0;
        values[401] += 20.0;

        var (scores, flags) = Run(values);

        Assert.True(flags[200], $"score at the first spike {scores[200]:0.000}");
        Assert.True(flags[401], $"score at the second spike {scores[401]:0.000}");
    }

    [Theory]
    [InlineData(1e160)]
    [InlineData(-1e308)]
    public void A_corrupt_huge_reading_is_flagged_and_no_score_after_it_is_NaN(double corrupt)
    {
        // Such readings are finite, so they pass the reader; squared or summed they had overflowed to NaN scores for it
        // and the points that remembered it.
        var values = SyntheticSeries.DailySine(Days, noise: 1.0, seed: 7);
        const int at = 3000;
        values[at] = corrupt;

        var (scores, flags) = Run(values);

        Assert.True(flags[at], $"score at the corrupt reading {scores[at]:0.000}");
        Assert.All(scores, static s => Assert.InRange(s, 0.0, 1.0));
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
        var options = new RobustStreamingDetectorOptions { CalibrationRankScale = 0.0 };

        var error = Assert.Throws<ArgumentException>(() => new RobustStreamingDetector(options));

        Assert.Contains(nameof(RobustStreamingDetectorOptions.CalibrationRankScale), error.Message);
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
    public void Rarity_neighbour_rank_grows_as_the_square_root_of_the_history_remembered()
    {
        // 3 x sqrt(points / 800), rounded, at least 1, and no more than 3 once the 800-point history is full.
        var detector = new RobustStreamingDetector(new RobustStreamingDetectorOptions { HistoryLength = 800, RarityNeighbours = 3 });
        var ranks = new Dictionary<int, int>();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 1; i <= 2000; i++)
        {
            detector.Update(start.AddMinutes(i), Math.Sin(i / 7.0));
            ranks[i] = detector.RarityNeighbourRank;
        }

        Assert.Equal(1, ranks[150]);
        Assert.Equal(2, ranks[400]);
        Assert.Equal(3, ranks[800]);
        Assert.Equal(3, ranks[2000]);
    }

    [Fact]
    public void A_day_without_its_peak_is_flagged_though_samples_go_missing()
    {
        // Fourteen days of a daily sine sampled every 5 minutes, one sample in ten missing at random; on day 10 the
        // afternoon peak does not come (the series stays at its daily mean). With the season looked up by sample count,
        // 288 samples back is about 26.7 hours back and the expectation loses its phase; looked up by time it does not,
        // so the missing peak is the one thing that stands out.
        const int missingDay = 10;
        var random = new Random(4);
        var values = SyntheticSeries.DailySine(Days, noise: 1.0, seed: 4);
        for (var i = missingDay * SyntheticSeries.PointsPerDay; i < (missingDay * SyntheticSeries.PointsPerDay) + (SyntheticSeries.PointsPerDay / 2); i++)
        {
            values[i] -= 20.0 * Math.Sin(2.0 * Math.PI * i / SyntheticSeries.PointsPerDay);
        }

        var kept = Enumerable.Range(0, values.Length).Where(_ => random.NextDouble() >= 0.1).ToArray();
        var detector = new RobustStreamingDetector();
        var alarms = kept.Where(i => detector.Update(SyntheticSeries.TimestampAt(i), values[i]).IsAnomaly).ToList();

        var peak = missingDay * SyntheticSeries.PointsPerDay;
        Assert.Contains(alarms, i => i >= peak && i < peak + (SyntheticSeries.PointsPerDay / 2));
        var learned = 4 * SyntheticSeries.PointsPerDay;
        var elsewhere = alarms.Count(i => i >= learned && (i < peak || i >= peak + (SyntheticSeries.PointsPerDay / 2)));
        // As many as on the same series with nothing missing and no anomaly (see the pure-noise test above).
        Assert.True(elsewhere <= 6, $"{elsewhere} alarms away from the missing peak: {string.Join(", ", alarms)}");
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

    [Fact]
    public void Refractory_period_is_a_fraction_of_the_points_seen_at_the_alarm()
    {
        // The same pair of spikes 40 points apart: early in the series (a 5% refractory of ~1,000 points is 50, its
        // damping factor 0.85 at 40 points) the second one alarms; late (5% of ~3,000 is 150, factor 0.45) it does not.
        var early = SpikePair(first: 1000, gap: 40);
        var late = SpikePair(first: 3000, gap: 40);

        var (_, earlyFlags) = Run(early);
        var (_, lateFlags) = Run(late);

        Assert.True(earlyFlags[1000] && lateFlags[3000], "first spikes");
        Assert.True(earlyFlags[1040], "second spike early in the series");
        Assert.False(lateFlags[3040], "second spike late in the series");
    }

    [Fact]
    public void Refractory_period_stops_growing_at_the_history_length()
    {
        // With a 1,000-point history an alarm at ~3,000 points gets 5% of 1,000 = 50 points, not 150: the second spike,
        // 40 points later (damping factor 0.85), alarms as it would at ~1,000 points.
        var options = new RobustStreamingDetectorOptions { HistoryLength = 1000 };

        var (_, flags) = Run(SpikePair(first: 3000, gap: 40), options);

        Assert.True(flags[3000], "first spike");
        Assert.True(flags[3040], "second spike");
    }

    [Fact]
    public void Refractory_damping_fades_so_a_large_event_late_in_the_period_alarms()
    {
        // Alarm at ~3,000 points: a 150-point period. At 120 points the damping factor is 0.25 + 0.75 x 0.8 = 0.85, so
        // a clear spike (score near 1) alarms even though it is no bigger than the first; at 45 points (0.475) it does not.
        var lateInPeriod = SpikePair(first: 3000, gap: 120);
        var earlyInPeriod = SpikePair(first: 3000, gap: 45);

        var (_, lateFlags) = Run(lateInPeriod);
        var (earlyScores, earlyFlags) = Run(earlyInPeriod);

        Assert.True(lateFlags[3120], "spike 120 points after the alarm");
        Assert.False(earlyFlags[3045], $"spike 45 points after the alarm, score {earlyScores[3045]:0.000}");
        Assert.True(earlyScores[3045] > 0.3, "damped, not silenced");
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

    /// <summary>A noisy daily series with two spikes, the second smaller (an alarm for it is not owed to its size).</summary>
    private static double[] SpikePair(int first, int gap)
    {
        var values = SyntheticSeries.DailySine(Days, noise: 1.0, seed: 21);
        values[first] += 40.0;
        values[first + gap] += 28.0;
        return values;
    }

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
