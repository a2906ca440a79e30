using AnomalyPlatform.Detector.Ensemble;

namespace AnomalyPlatform.Detector.Tests.Ensemble;

public sealed class EnsembleTests
{
    [Fact]
    public void Normalised_score_is_one_half_at_the_threshold_and_monotone()
    {
        double[] raw = [0, 2.5, 5, 10, double.NaN];
        var normalised = new double[raw.Length];

        ScoreNormaliser.Normalise(raw, threshold: 5, normalised);

        Assert.Equal(0.0, normalised[0]);
        Assert.Equal(1.0 / 3.0, normalised[1], 12);
        Assert.Equal(0.5, normalised[2], 12);
        Assert.Equal(2.0 / 3.0, normalised[3], 12);
        Assert.True(double.IsNaN(normalised[4]));
    }

    [Theory]
    [InlineData(0.2, false)]
    [InlineData(0.8, true)]
    public void Single_model_ensemble_equals_the_model(double score, bool flagged)
    {
        var combiner = new EnsembleCombiner(EnsembleStrategy.Max, models: 1);

        var (combined, isAnomaly, lead) = combiner.Combine([score], [flagged]);

        Assert.Equal(score, combined);
        Assert.Equal(flagged, isAnomaly);
        Assert.Equal(0, lead);
    }

    [Fact]
    public void Max_strategy_follows_the_one_model_that_flags_and_ignores_abstentions()
    {
        var combiner = new EnsembleCombiner(EnsembleStrategy.Max, models: 3);

        var (score, isAnomaly, lead) = combiner.Combine([0.1, double.NaN, 0.67], [false, false, true]);

        Assert.Equal(0.67, score);
        Assert.True(isAnomaly);
        Assert.Equal(2, lead);
    }

    [Fact]
    public void Weighted_vote_needs_half_the_weight_of_the_voting_models()
    {
        var combiner = new EnsembleCombiner(EnsembleStrategy.WeightedVote, models: 3, weights: [1, 1, 3]);

        var outvoted = combiner.Combine([0.9, 0.8, 0.2], [true, true, false]);
        var carried = combiner.Combine([0.2, 0.3, 0.9], [false, false, true]);

        Assert.False(outvoted.IsAnomaly);
        Assert.True(carried.IsAnomaly);
        Assert.Equal((0.2 + 0.3 + 3 * 0.9) / 5, carried.Score, 12);
    }

    [Fact]
    public void Record_no_model_scored_is_normal_with_no_lead()
    {
        var combiner = new EnsembleCombiner(EnsembleStrategy.Max, models: 2);

        var result = combiner.Combine([double.NaN, double.NaN], [false, false]);

        Assert.Equal((0.0, false, -1), result);
    }
}

public sealed class SoftVoteTests
{
    private static EnsembleCombiner Combiner() => new(
        EnsembleStrategy.SoftVote, models: 3, weights: [2, 1, 1], roles: [EnsembleRole.Voter, EnsembleRole.Decisive, EnsembleRole.Voter]);

    [Fact]
    public void Decisive_model_that_flags_decides_against_the_voters()
    {
        var (score, isAnomaly, lead) = Combiner().Combine([0.1, 0.67, 0.2], [false, true, false]);

        Assert.True(isAnomaly);
        Assert.Equal(1, lead);
        Assert.Equal(0.67, score);
    }

    [Fact]
    public void Decisive_model_that_does_not_flag_abstains()
    {
        var (score, isAnomaly, lead) = Combiner().Combine([0.9, 0.0, 0.8], [true, false, true]);

        Assert.True(isAnomaly);
        Assert.Equal(0, lead);
        Assert.Equal((2 * 0.9 + 0.8) / 3, score, 12);
    }

    [Fact]
    public void A_flag_that_decides_the_record_carries_it_against_the_voters()
    {
        var (score, isAnomaly, lead) = Combiner().Combine([0.6, double.NaN, 0.0], [true, false, false], [true, false, false]);

        Assert.True(isAnomaly);
        Assert.Equal(0, lead);
        Assert.Equal(0.6, score);
    }

    [Fact]
    public void The_same_flag_without_the_right_to_decide_is_outvoted()
    {
        var (_, isAnomaly, _) = Combiner().Combine([0.6, double.NaN, 0.0], [true, false, false], [false, false, false]);

        Assert.False(isAnomaly);
    }

    [Theory]
    [InlineData(EnsembleStrategy.SoftVote)]
    [InlineData(EnsembleStrategy.WeightedVote)]
    [InlineData(EnsembleStrategy.Max)]
    public void A_model_that_may_decide_but_does_not_flag_takes_its_usual_part(EnsembleStrategy strategy)
    {
        var combiner = new EnsembleCombiner(strategy, models: 3, weights: [2, 1, 1]);
        double[] scores = [0.1, 0.7, 0.8];
        bool[] flags = [false, true, true];

        Assert.Equal(combiner.Combine(scores, flags), combiner.Combine(scores, flags, [true, false, false]));
    }

    [Fact]
    public void Confident_normal_of_a_heavier_voter_vetoes_a_borderline_call()
    {
        var (_, isAnomaly, _) = Combiner().Combine([0.05, 0.0, 0.7], [false, false, true]);

        Assert.False(isAnomaly);
    }

    [Fact]
    public void Strong_call_carries_a_weak_dissent()
    {
        var (_, isAnomaly, lead) = Combiner().Combine([0.95, 0.0, 0.3], [true, false, false]);

        Assert.True(isAnomaly);
        Assert.Equal(0, lead);
    }
}
