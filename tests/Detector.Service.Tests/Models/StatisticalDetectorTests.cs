using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Tests.Models;

public sealed class StatisticalDetectorTests
{
    private static (FeatureMatrix Matrix, HashSet<int> Outliers) TwoSeriesWithPlantedOutliers(int seed)
    {
        var random = new Random(seed);
        const int perGroup = 200;
        var values = new double[2 * perGroup];
        var groups = new int[2 * perGroup];
        for (var i = 0; i < values.Length; i++)
        {
            var group = i % 2;
            groups[i] = group;
            // Different levels and spreads per series: a pooled baseline would misjudge both.
            values[i] = group == 0 ? 100 + 2 * Gaussian(random) : 5 + 0.1 * Gaussian(random);
        }

        var outliers = new HashSet<int> { 40, 41, 250, 333 };
        values[40] += 20;   // series 0: +10σ
        values[41] -= 1.5;  // series 1: −15σ
        values[250] -= 16;  // series 0: −8σ
        values[333] += 1.2; // series 1: +12σ
        return (FeatureMatrix.SingleColumn("value", values, groups, 2), outliers);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    [Fact]
    public void Planted_outliers_rank_above_every_inlier()
    {
        var (matrix, outliers) = TwoSeriesWithPlantedOutliers(seed: 1);
        var model = new StatisticalDetector(new StatisticalDetectorOptions()).Fit(matrix, CancellationToken.None);
        var scores = new double[matrix.Rows];

        model.Score(matrix, scores);

        var lowestOutlier = outliers.Min(row => scores[row]);
        var highestInlier = Enumerable.Range(0, matrix.Rows).Where(row => !outliers.Contains(row)).Max(row => scores[row]);
        Assert.True(lowestOutlier > highestInlier, $"lowest outlier {lowestOutlier:0.00} <= highest inlier {highestInlier:0.00}");
    }

    [Fact]
    public void Default_z_threshold_flags_exactly_the_planted_outliers()
    {
        var (matrix, outliers) = TwoSeriesWithPlantedOutliers(seed: 2);
        var model = new StatisticalDetector(new StatisticalDetectorOptions()).Fit(matrix, CancellationToken.None);
        var scores = new double[matrix.Rows];
        var decisions = new bool[matrix.Rows];

        model.Score(matrix, scores);
        model.Predict(scores, decisions);

        Assert.Equal(5.0, model.Threshold);
        Assert.Equal(outliers.Order(), Enumerable.Range(0, matrix.Rows).Where(row => decisions[row]));
    }

    [Fact]
    public void Contamination_flags_that_share_of_the_training_rows()
    {
        var (matrix, _) = TwoSeriesWithPlantedOutliers(seed: 3);
        var model = new StatisticalDetector(new StatisticalDetectorOptions { Contamination = 0.1 }).Fit(matrix, CancellationToken.None);
        var scores = new double[matrix.Rows];
        var decisions = new bool[matrix.Rows];

        model.Score(matrix, scores);
        model.Predict(scores, decisions);

        Assert.Equal(40, decisions.Count(flag => flag));
        Assert.NotEqual(5.0, model.Threshold);
    }

    [Fact]
    public void Contamination_threshold_leaves_ties_at_the_threshold_unflagged()
    {
        double[] scores = [1, 2, 3, 3, 3, 9];

        var threshold = ContaminationThreshold.FromScores(scores, 0.5);

        Assert.Equal(3, threshold);
        Assert.Equal(1, scores.Count(score => score > threshold));
    }

    [Fact]
    public void Constant_series_scores_its_readings_zero_and_a_changed_reading_high()
    {
        var values = Enumerable.Repeat(7.0, 50).ToArray();
        values[25] = 8.0;
        var matrix = FeatureMatrix.SingleColumn("value", values);
        var model = new StatisticalDetector(new StatisticalDetectorOptions()).Fit(matrix, CancellationToken.None);
        var scores = new double[values.Length];

        model.Score(matrix, scores);

        Assert.All(scores.Where((_, row) => row != 25), score => Assert.Equal(0.0, score));
        Assert.True(scores[25] > model.Threshold);
    }

    [Fact]
    public void Ewma_residual_finds_a_spike_that_seasonality_hides_from_the_plain_robust_z()
    {
        var random = new Random(5);
        var values = new double[480];
        for (var t = 0; t < values.Length; t++)
        {
            values[t] = 50 + 20 * Math.Sin(2 * Math.PI * t / 240.0) + Gaussian(random);
        }

        values[300] += 25; // 25σ of noise, yet barely outside the series' seasonal range
        var matrix = FeatureMatrix.SingleColumn("value", values);
        var plain = new StatisticalDetector(new StatisticalDetectorOptions()).Fit(matrix, CancellationToken.None);
        var withEwma = new StatisticalDetector(new StatisticalDetectorOptions { EwmaAlpha = 0.3 }).Fit(matrix, CancellationToken.None);
        var plainScores = new double[values.Length];
        var ewmaScores = new double[values.Length];
        var fromEwma = new bool[values.Length];

        plain.Score(matrix, plainScores);
        withEwma.Score(matrix, ewmaScores, new int[values.Length], fromEwma);

        Assert.True(plainScores[300] < plain.Threshold);
        Assert.True(ewmaScores[300] > withEwma.Threshold);
        Assert.True(fromEwma[300]);
        Assert.Equal(300, Array.IndexOf(ewmaScores, ewmaScores.Max()));
    }

    [Fact]
    public void A_reading_as_many_robust_sigmas_out_counts_for_less_in_a_short_series_than_in_a_long_one()
    {
        // Two series with median 0 and MAD 1 (values ±1): twelve readings (a short run's metric series) and two thousand.
        const int shortLength = 12, longLength = 2000;
        var values = Enumerable.Range(0, shortLength + longLength).Select(i => i % 2 == 0 ? -1.0 : 1.0).ToArray();
        var groups = Enumerable.Range(0, shortLength + longLength).Select(i => i < shortLength ? 0 : 1).ToArray();
        var model = new StatisticalDetector(new StatisticalDetectorOptions()).Fit(
            FeatureMatrix.SingleColumn("value", values, groups, 2), CancellationToken.None);
        // The same reading, seven robust σ above the median of each.
        var probe = 7 * 1.482602218505602;
        var scores = new double[2];

        model.Score(FeatureMatrix.SingleColumn("value", [probe, probe], [0, 1], 2), scores);

        Assert.InRange(scores[1], 6.95, 7.0);
        Assert.True(scores[0] < model.Threshold, $"short series {scores[0]:0.00} >= {model.Threshold}");
        Assert.True(scores[0] > 0.5 * model.Threshold, $"short series {scores[0]:0.00} no longer stands out");
    }

    [Fact]
    public void Groups_smaller_than_the_minimum_are_not_scored()
    {
        double[] values = [1, 2, 3, 100];
        var matrix = FeatureMatrix.SingleColumn("value", values);
        var model = new StatisticalDetector(new StatisticalDetectorOptions { MinGroupSize = 5 }).Fit(matrix, CancellationToken.None);
        var scores = new double[values.Length];
        var driving = new int[values.Length];

        model.Score(matrix, scores, driving);

        Assert.All(scores, score => Assert.Equal(0.0, score));
        Assert.All(driving, feature => Assert.Equal(-1, feature));
    }

    [Fact]
    public void Fitting_and_scoring_twice_gives_identical_scores()
    {
        var (matrix, _) = TwoSeriesWithPlantedOutliers(seed: 4);
        var options = new StatisticalDetectorOptions { EwmaAlpha = 0.2 };
        var first = new double[matrix.Rows];
        var second = new double[matrix.Rows];

        new StatisticalDetector(options).Fit(matrix, CancellationToken.None).Score(matrix, first);
        new StatisticalDetector(options).Fit(matrix, CancellationToken.None).Score(matrix, second);

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    public void Contamination_outside_its_range_is_rejected(double contamination)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new StatisticalDetector(new StatisticalDetectorOptions { Contamination = contamination }));

        Assert.Contains("Contamination", exception.Message);
    }

    [Fact]
    public void Scoring_data_with_other_columns_than_fitted_is_rejected()
    {
        var model = new StatisticalDetector(new StatisticalDetectorOptions()).Fit(
            FeatureMatrix.SingleColumn("value", Enumerable.Range(0, 20).Select(i => (double)i).ToArray()), CancellationToken.None);
        var other = new FeatureMatrix(2, ["a", "b"], [1, 2, 3, 4]);

        Assert.Throws<ArgumentException>(() => model.Score(other, new double[2]));
    }
}
