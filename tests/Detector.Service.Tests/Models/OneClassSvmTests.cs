using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Tests.Models;

public sealed class OneClassSvmTests
{
    private static double[] ScoresOf(FittedOneClassSvm model, FeatureMatrix data)
    {
        var scores = new double[data.Rows];
        model.Score(data, scores);
        return scores;
    }

    [Fact]
    public void Planted_outliers_rank_above_every_inlier()
    {
        var (data, outliers) = PlantedOutliers.Clusters(seed: 1);

        var scores = ScoresOf(new OneClassSvm(new OneClassSvmOptions()).Fit(data, CancellationToken.None), data);

        Assert.True(PlantedOutliers.LowestOutlierMinusHighestInlier(scores, outliers) > 0);
    }

    [Fact]
    public void Between_nu_and_three_nu_of_the_training_rows_lie_outside_the_boundary()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 2, inliers: 2000, outliers: 0);
        var model = new OneClassSvm(new OneClassSvmOptions { Nu = 0.05, ScoreThreshold = 1.0 }).Fit(data, CancellationToken.None);

        var outside = ScoresOf(model, data).Count(score => score > 1.0);

        // ρ is the ν-quantile of the sample left after trimming its 2ν most outlying rows, which lie outside as well.
        Assert.InRange(outside / 2000.0, 0.05 * 0.9, 0.15 * 1.1);
    }

    [Fact]
    public void Default_threshold_flags_the_planted_outliers_and_few_inliers()
    {
        var (data, outliers) = PlantedOutliers.Clusters(seed: 3);
        var model = new OneClassSvm(new OneClassSvmOptions()).Fit(data, CancellationToken.None);
        var decisions = new bool[data.Rows];

        model.Predict(ScoresOf(model, data), decisions);

        Assert.All(outliers, row => Assert.True(decisions[row], $"outlier {row} not flagged"));
        Assert.True(Enumerable.Range(0, data.Rows).Count(row => decisions[row] && !outliers.Contains(row)) <= 6);
    }

    [Fact]
    public void Threshold_above_the_score_cap_is_lowered_so_rows_with_no_kernel_mass_are_still_flagged()
    {
        var (data, outliers) = PlantedOutliers.Clusters(seed: 5);
        var fitted = new OneClassSvm(new OneClassSvmOptions()).Fit(data, CancellationToken.None);
        var unreachable = new OneClassSvm(new OneClassSvmOptions { ScoreThreshold = 10 * fitted.ScoreCap }).Fit(data, CancellationToken.None);
        var scores = ScoresOf(unreachable, data);
        var decisions = new bool[data.Rows];

        unreachable.Predict(scores, decisions);

        Assert.True(unreachable.Threshold < unreachable.ScoreCap);
        Assert.Equal(unreachable.ScoreCap, scores.Max(), 9);
        Assert.Contains(outliers, row => decisions[row]);
        Assert.All(Enumerable.Range(0, data.Rows).Where(row => scores[row] >= unreachable.ScoreCap), row => Assert.True(decisions[row]));
    }

    [Fact]
    public void Contamination_flags_that_share_of_the_training_rows()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 4);
        var model = new OneClassSvm(new OneClassSvmOptions { Contamination = 0.05 }).Fit(data, CancellationToken.None);
        var decisions = new bool[data.Rows];

        model.Predict(ScoresOf(model, data), decisions);

        // Ties at the cap are never split, so at most the share, and the share when the scores are distinct there.
        Assert.InRange(decisions.Count(flag => flag), 1, (int)Math.Floor(0.05 * data.Rows));
    }

    [Fact]
    public void Median_heuristic_sets_gamma_from_the_data_scale()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 5);

        var model = new OneClassSvm(new OneClassSvmOptions()).Fit(data, CancellationToken.None);
        var fixedGamma = new OneClassSvm(new OneClassSvmOptions { Gamma = 0.25 }).Fit(data, CancellationToken.None);

        Assert.InRange(model.Gamma, 0.01, 2.0);
        Assert.Equal(0.25, fixedGamma.Gamma);
    }

    [Fact]
    public void Same_seed_gives_identical_scores_and_another_seed_other_random_features()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 6);

        var first = ScoresOf(new OneClassSvm(new OneClassSvmOptions { Seed = 3 }).Fit(data, CancellationToken.None), data);
        var again = ScoresOf(new OneClassSvm(new OneClassSvmOptions { Seed = 3 }).Fit(data, CancellationToken.None), data);
        var other = ScoresOf(new OneClassSvm(new OneClassSvmOptions { Seed = 4 }).Fit(data, CancellationToken.None), data);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Saved_and_loaded_model_scores_identically()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 7);
        var model = new OneClassSvm(new OneClassSvmOptions { Components = 64 }).Fit(data, CancellationToken.None);
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        var loaded = FittedOneClassSvm.Load(stream);

        Assert.Equal(ScoresOf(model, data), ScoresOf(loaded, data));
        Assert.Equal((model.Rho, model.Threshold, model.Gamma, model.Name), (loaded.Rho, loaded.Threshold, loaded.Gamma, loaded.Name));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void Nu_outside_its_range_is_rejected(double nu)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new OneClassSvm(new OneClassSvmOptions { Nu = nu }));

        Assert.Contains("Nu", exception.Message);
    }
}
