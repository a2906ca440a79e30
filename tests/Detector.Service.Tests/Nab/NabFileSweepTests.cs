using AnomalyPlatform.Detector.Nab;

namespace AnomalyPlatform.Detector.Tests.Nab;

/// <summary>The NAB rules on a hand-made file of 1,000 rows (probation 150) with one window, rows 500..599.</summary>
public sealed class NabFileSweepTests
{
    private const int Rows = 1000;
    private static readonly DateTime Start = new(2015, 1, 1);
    private static readonly NabWindow Window = new(Start.AddMinutes(500), Start.AddMinutes(599));

    [Fact]
    public void Detection_at_the_window_start_earns_the_full_true_positive_weight()
    {
        var file = Sweep(500);

        var score = file.ScoreAt(0.5, NabProfile.Standard);

        Assert.Equal(1.0, score.Score, 9);
        Assert.Equal(1, score.DetectedWindows);
    }

    [Fact]
    public void Only_the_earliest_detection_in_a_window_counts()
    {
        var early = Sweep(520).ScoreAt(0.5, NabProfile.Standard).Score;
        var earlyAndLate = Sweep(520, 580).ScoreAt(0.5, NabProfile.Standard).Score;

        Assert.Equal(early, earlyAndLate, 12);
        Assert.InRange(early, 0.0, 1.0);
    }

    [Fact]
    public void Missed_window_costs_the_false_negative_weight_of_each_profile()
    {
        var file = Sweep();

        Assert.Equal(-1.0, file.ScoreAt(0.5, NabProfile.Standard).Score, 12);
        Assert.Equal(-2.0, file.ScoreAt(0.5, NabProfile.RewardLowFalseNegativeRate).Score, 12);
    }

    [Fact]
    public void False_alarm_before_any_window_costs_the_full_weight_and_probation_is_free()
    {
        var file = Sweep(100, 300, 500);

        var score = file.ScoreAt(0.5, NabProfile.Standard);

        Assert.Equal(150, file.ProbationLength);
        Assert.Equal(1.0 - 0.11, score.Score, 9);
        Assert.Equal(1, score.FalsePositives);
    }

    [Fact]
    public void False_alarm_just_after_a_window_costs_less_than_one_far_after()
    {
        var near = Sweep(500, 605).ScoreAt(0.5, NabProfile.Standard).Score;
        var far = Sweep(500, 950).ScoreAt(0.5, NabProfile.Standard).Score;

        Assert.True(near > far);
        Assert.Equal(1.0 - 0.11, far, 9);
    }

    [Fact]
    public void Corpus_score_is_zero_for_a_silent_detector_and_hundred_for_a_perfect_one()
    {
        var silent = NabCorpusScorer.ScoreAt([Sweep()], 0.5, NabProfile.Standard);
        var perfect = NabCorpusScorer.ScoreAt([Sweep(500)], 0.5, NabProfile.Standard);

        Assert.Equal(0.0, silent.NormalisedScore, 9);
        Assert.Equal(100.0, perfect.NormalisedScore, 9);
    }

    [Fact]
    public void Optimised_threshold_drops_a_higher_scored_false_alarm()
    {
        var timestamps = Enumerable.Range(0, Rows).Select(static i => Start.AddMinutes(i)).ToArray();
        var scores = new double[Rows];
        scores[300] = 0.9; // false alarm
        scores[510] = 0.8; // inside the window
        var file = NabFileSweep.Create("f.csv", timestamps, scores, [Window]);

        var best = NabCorpusScorer.Optimise([file], NabProfile.Standard);

        Assert.Equal(0.8, best.Threshold);
        Assert.True(best.RawScore > NabCorpusScorer.ScoreAt([file], 0.9, NabProfile.Standard).RawScore);
    }

    private static NabFileSweep Sweep(params int[] detections)
    {
        var timestamps = Enumerable.Range(0, Rows).Select(static i => Start.AddMinutes(i)).ToArray();
        var scores = new double[Rows];
        foreach (var d in detections)
        {
            scores[d] = 1.0;
        }

        return NabFileSweep.Create("f.csv", timestamps, scores, [Window]);
    }
}
