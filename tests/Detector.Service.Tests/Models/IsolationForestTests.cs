using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Tests.Models;

public sealed class IsolationForestTests
{
    private static double[] ScoresOf(FittedIsolationForest model, FeatureMatrix data)
    {
        var scores = new double[data.Rows];
        model.Score(data, scores);
        return scores;
    }

    [Fact]
    public void Planted_outliers_rank_above_every_inlier()
    {
        var (data, outliers) = PlantedOutliers.Clusters(seed: 1);

        var scores = ScoresOf(new IsolationForest(new IsolationForestOptions()).Fit(data, CancellationToken.None), data);

        Assert.True(PlantedOutliers.LowestOutlierMinusHighestInlier(scores, outliers) > 0);
    }

    [Fact]
    public void Default_score_threshold_flags_the_planted_outliers_and_almost_none_of_the_bulk()
    {
        var (data, outliers) = PlantedOutliers.Clusters(seed: 2);
        var model = new IsolationForest(new IsolationForestOptions()).Fit(data, CancellationToken.None);
        var decisions = new bool[data.Rows];

        model.Predict(ScoresOf(model, data), decisions);

        Assert.All(outliers, row => Assert.True(decisions[row], $"outlier {row} not flagged"));
        var flaggedInliers = Enumerable.Range(0, data.Rows).Count(row => decisions[row] && !outliers.Contains(row));
        Assert.True(flaggedInliers <= 3, $"{flaggedInliers} inliers flagged");
        Assert.Equal(0.7, model.Threshold);
    }

    [Fact]
    public void Scores_follow_the_papers_definition_and_stay_between_zero_and_one()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 3);
        var model = new IsolationForest(new IsolationForestOptions { Trees = 50 }).Fit(data, CancellationToken.None);

        var scores = ScoresOf(model, data);

        Assert.All(scores, s => Assert.InRange(s, 0.0, 1.0));
        var expected = Math.Pow(2, -model.PathLength(data.Row(0)) / AveragePathLength.Of(256));
        Assert.Equal(expected, scores[0], 12);
        Assert.Equal(256, model.SampleSize);
    }

    [Fact]
    public void Every_row_scores_to_the_bit_what_a_walk_down_each_tree_gives_missing_values_included()
    {
        var (clusters, _) = PlantedOutliers.Clusters(seed: 5);
        // 1,003 rows: eight go down a tree together, so the last three take the single-row path.
        const int rows = 1003;
        var values = new double[rows * clusters.Columns];
        var random = new Random(5);
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < clusters.Columns; column++)
            {
                values[row * clusters.Columns + column] = random.Next(20) == 0 ? double.NaN : clusters[row % clusters.Rows, column] + random.NextDouble() - 0.5;
            }
        }

        var data = new FeatureMatrix(rows, clusters.ColumnNames, values);
        var model = new IsolationForest(new IsolationForestOptions { Trees = 37, SampleSize = 100 }).Fit(data, CancellationToken.None);

        var scores = ScoresOf(model, data);

        for (var row = 0; row < rows; row++)
        {
            var walked = Math.Pow(2.0, model.PathLengthSum(data.Row(row)) * (-1.0 / (model.Trees * AveragePathLength.Of(100))));
            Assert.True(BitConverter.DoubleToInt64Bits(walked) == BitConverter.DoubleToInt64Bits(scores[row]), $"row {row}: {scores[row]:R}, walked {walked:R}");
        }
    }

    [Fact]
    public void Trees_are_no_deeper_than_the_height_limit()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 4);
        var model = new IsolationForest(new IsolationForestOptions { Trees = 20, SampleSize = 64 }).Fit(data, CancellationToken.None);

        // A full binary tree of height ⌈log₂ 64⌉ = 6 has at most 2⁷ − 1 nodes; one path is at most 6 splits plus c(n) at the leaf.
        Assert.True(model.Nodes <= 20 * 127, $"{model.Nodes} nodes");
        Assert.InRange(model.PathLength(data.Row(0)), 0, 6 + AveragePathLength.Of(64));
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    public void Contamination_flags_that_share_of_the_training_rows(double contamination)
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 5);
        var model = new IsolationForest(new IsolationForestOptions { Contamination = contamination }).Fit(data, CancellationToken.None);
        var decisions = new bool[data.Rows];

        model.Predict(ScoresOf(model, data), decisions);

        Assert.Equal((int)Math.Floor(contamination * data.Rows), decisions.Count(flag => flag));
    }

    [Fact]
    public void Same_seed_gives_identical_scores_and_another_seed_a_different_forest()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 6);

        var first = ScoresOf(new IsolationForest(new IsolationForestOptions { Seed = 7 }).Fit(data, CancellationToken.None), data);
        var again = ScoresOf(new IsolationForest(new IsolationForestOptions { Seed = 7 }).Fit(data, CancellationToken.None), data);
        var other = ScoresOf(new IsolationForest(new IsolationForestOptions { Seed = 8 }).Fit(data, CancellationToken.None), data);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Saved_and_loaded_forest_scores_identically()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 9);
        var model = new IsolationForest(new IsolationForestOptions { Contamination = 0.05 }).Fit(data, CancellationToken.None);
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        var loaded = FittedIsolationForest.Load(stream);

        Assert.Equal(ScoresOf(model, data), ScoresOf(loaded, data));
        Assert.Equal(model.Threshold, loaded.Threshold);
        Assert.Equal(model.Name, loaded.Name);
        Assert.Equal(model.ColumnNames, loaded.ColumnNames);
    }

    [Fact]
    public void Loading_a_saved_one_class_svm_as_a_forest_is_rejected()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 10);
        using var stream = new MemoryStream();
        new OneClassSvm(new OneClassSvmOptions { Components = 16 }).Fit(data, CancellationToken.None).Save(stream);
        stream.Position = 0;

        var exception = Assert.Throws<InvalidDataException>(() => FittedIsolationForest.Load(stream));

        Assert.Contains("IFOR", exception.Message);
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 1.6666666666666667)]
    [InlineData(256, 10.248689925634562)]
    public void Average_path_length_follows_the_harmonic_formula(int n, double expected)
    {
        Assert.Equal(expected, AveragePathLength.Of(n), 6);
    }

    [Fact]
    public void Scoring_data_with_other_columns_than_fitted_is_rejected()
    {
        var (data, _) = PlantedOutliers.Clusters(seed: 11);
        var model = new IsolationForest(new IsolationForestOptions { Trees = 5 }).Fit(data, CancellationToken.None);

        Assert.Throws<ArgumentException>(() => model.Score(new FeatureMatrix(1, ["a"], [1.0]), new double[1]));
    }
}
