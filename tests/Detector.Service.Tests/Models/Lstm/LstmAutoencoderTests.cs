using AnomalyPlatform.Detector.Models;
using AnomalyPlatform.Detector.Models.Lstm;

namespace AnomalyPlatform.Detector.Tests.Models.Lstm;

public sealed class LstmAutoencoderTests
{
    private static readonly LstmAutoencoderOptions Small = new() { WindowLength = 16, HiddenSize = 16, LatentSize = 4, Epochs = 25, Seed = 7 };

    private static FittedLstmAutoencoder Fit(FeatureMatrix matrix, LstmAutoencoderOptions? options = null) =>
        new LstmAutoencoder(options ?? Small).Fit(matrix, CancellationToken.None);

    private static double[] Scores(FittedLstmAutoencoder model, FeatureMatrix matrix)
    {
        var scores = new double[matrix.Rows];
        model.Score(matrix, scores);
        return scores;
    }

    [Fact]
    public void Training_on_sine_waves_reduces_the_reconstruction_loss()
    {
        var matrix = SineSeries.Build().ToMatrix();

        var model = Fit(matrix, Small with { EarlyStoppingPatience = 0 });

        Assert.Equal(Small.Epochs, model.TrainingLoss.Count);
        Assert.True(model.TrainingLoss[^1] < 0.5 * model.TrainingLoss[0],
            $"loss went from {model.TrainingLoss[0]:0.0000} to {model.TrainingLoss[^1]:0.0000}");
    }

    [Fact]
    public void Planted_spike_scores_above_every_normal_row()
    {
        var series = SineSeries.Build(seed: 2);
        series.Add(group: 1, t: 120, feature: 0, delta: 3.0);
        var matrix = series.ToMatrix();

        var scores = Scores(Fit(matrix), matrix);

        var spike = scores[series.Row(1, 120)];
        // Rows whose windows also hold the spike inherit part of its error; the rest must all score below it.
        var highestNormal = Enumerable.Range(0, matrix.Rows)
            .Where(row => !(row / series.Length == 1 && Math.Abs(row % series.Length - 120) < Small.WindowLength))
            .Max(row => scores[row]);
        Assert.True(spike > highestNormal, $"spike {spike:0.000} <= highest normal {highestNormal:0.000}");
    }

    [Fact]
    public void Planted_level_shift_is_flagged_where_it_starts_and_ends_with_few_normal_rows_flagged()
    {
        var series = SineSeries.Build(seed: 3);
        for (var t = 150; t < 158; t++)
        {
            for (var f = 0; f < series.Features; f++)
            {
                series.Add(group: 2, t, f, delta: 5.0);
            }
        }

        var matrix = series.ToMatrix();
        // The sines are nearly noise-free, so the robust cut on their errors, not the floor meant for noisy metrics, decides.
        var model = Fit(matrix, Small with { MinimumCut = 0.5 });
        var scores = Scores(model, matrix);
        var decisions = new bool[matrix.Rows];
        model.Predict(scores, decisions);

        // The windows reconstruct part of a sustained offset (it travels through the code like a level would), so the
        // change points carry the error: the first and last shifted steps must stand out.
        int[] edges = [series.Row(2, 150), series.Row(2, 157)];
        var far = Enumerable.Range(0, matrix.Rows)
            .Where(row => !(row / series.Length == 2 && row % series.Length is > 150 - 16 and < 158 + 16))
            .ToArray();
        var highestFar = far.Max(row => scores[row]);
        Assert.All(edges, row => Assert.True(scores[row] > highestFar, $"edge {scores[row]:0.000} <= highest normal {highestFar:0.000}"));
        Assert.All(edges, row => Assert.True(decisions[row], $"edge row {row} not flagged (score {scores[row]:0.000}, threshold {model.Threshold:0.000})"));
        var falseAlarms = far.Count(row => decisions[row]);
        Assert.True(falseAlarms <= far.Length / 100, $"{falseAlarms} of {far.Length} normal rows flagged");
    }

    [Fact]
    public void Same_seed_gives_identical_weights_and_scores()
    {
        var matrix = SineSeries.Build(seed: 4).ToMatrix();

        var first = Fit(matrix, Small with { Epochs = 6 });
        var second = Fit(matrix, Small with { Epochs = 6 });

        Assert.Equal(Bytes(first), Bytes(second));
        Assert.Equal(Scores(first, matrix), Scores(second, matrix));
    }

    [Fact]
    public void Different_seeds_give_different_weights()
    {
        var matrix = SineSeries.Build(seed: 4).ToMatrix();

        var first = Fit(matrix, Small with { Epochs = 2 });
        var second = Fit(matrix, Small with { Epochs = 2, Seed = Small.Seed + 1 });

        Assert.NotEqual(Bytes(first), Bytes(second));
    }

    [Fact]
    public void Saved_model_loads_with_identical_scores_and_thresholds()
    {
        var matrix = SineSeries.Build(seed: 5).ToMatrix();
        var model = Fit(matrix, Small with { Epochs = 5 });
        var folder = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "lstm.bin");
            model.Save(path);

            var loaded = FittedLstmAutoencoder.Load(path);

            Assert.Equal(model.Threshold, loaded.Threshold);
            Assert.Equal(model.WindowLength, loaded.WindowLength);
            Assert.Equal(model.ColumnNames, loaded.ColumnNames);
            Assert.Equal(model.TrainingLoss, loaded.TrainingLoss);
            Assert.Equal(Enumerable.Range(0, 3).Select(model.FeatureThreshold), Enumerable.Range(0, 3).Select(loaded.FeatureThreshold));
            Assert.Equal(Scores(model, matrix), Scores(loaded, matrix));
            Assert.Equal(Bytes(model), Bytes(loaded));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Loading_a_file_of_another_format_fails_with_invalid_data()
    {
        using var stream = new MemoryStream("not a model at all"u8.ToArray());

        Assert.Throws<InvalidDataException>(() => FittedLstmAutoencoder.Load(stream));
    }

    [Fact]
    public void Loading_a_truncated_file_fails_with_invalid_data()
    {
        var model = Fit(SineSeries.Build(seed: 6).ToMatrix(), Small with { Epochs = 1 });
        var bytes = Bytes(model);
        using var stream = new MemoryStream(bytes[..(bytes.Length / 2)]);

        Assert.Throws<InvalidDataException>(() => FittedLstmAutoencoder.Load(stream));
    }

    [Fact]
    public void Contamination_flags_that_share_of_the_training_rows()
    {
        var matrix = SineSeries.Build(seed: 8).ToMatrix();
        var model = Fit(matrix, Small with { Epochs = 3, Contamination = 0.05 });
        var scores = Scores(model, matrix);
        var decisions = new bool[matrix.Rows];

        model.Predict(scores, decisions);

        Assert.Equal((int)Math.Floor(0.05 * matrix.Rows), decisions.Count(flag => flag));
    }

    [Fact]
    public void Window_shrinks_to_short_series_and_rows_of_shorter_series_score_zero()
    {
        var values = new double[12 + 3];
        var groups = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Sin(i);
            groups[i] = i < 12 ? 0 : 1;
        }

        var matrix = FeatureMatrix.SingleColumn("x", values, groups, 2);
        var model = Fit(matrix, Small with { Epochs = 2 });
        var scores = new double[matrix.Rows];
        var driving = new int[matrix.Rows];

        model.Score(matrix, scores, driving);

        Assert.Equal(12, model.WindowLength);
        Assert.All(Enumerable.Range(12, 3), row => Assert.Equal((0.0, -1), (scores[row], driving[row])));
        Assert.All(Enumerable.Range(0, 12), row => Assert.Equal(0, driving[row]));
    }

    [Fact]
    public void Fitting_series_shorter_than_the_minimum_window_is_rejected()
    {
        var matrix = FeatureMatrix.SingleColumn("x", [1.0, 2.0, 3.0]);

        var error = Assert.Throws<ArgumentException>(() => Fit(matrix));

        Assert.Contains("at least 4 rows", error.Message);
    }

    [Fact]
    public void Scoring_data_with_other_groups_than_fitted_is_rejected()
    {
        var model = Fit(SineSeries.Build(seed: 9).ToMatrix(), Small with { Epochs = 1 });
        var other = SineSeries.Build(groups: 2, seed: 9).ToMatrix();

        Assert.Throws<ArgumentException>(() => model.Score(other, new double[other.Rows]));
    }

    public static TheoryData<LstmAutoencoderOptions, string> InvalidOptions => new()
    {
        { new LstmAutoencoderOptions { WindowLength = 3 }, nameof(LstmAutoencoderOptions.WindowLength) },
        { new LstmAutoencoderOptions { HiddenSize = 0 }, nameof(LstmAutoencoderOptions.HiddenSize) },
        { new LstmAutoencoderOptions { LatentSize = 0 }, nameof(LstmAutoencoderOptions.LatentSize) },
        { new LstmAutoencoderOptions { Epochs = 0 }, nameof(LstmAutoencoderOptions.Epochs) },
        { new LstmAutoencoderOptions { BatchSize = 0 }, nameof(LstmAutoencoderOptions.BatchSize) },
        { new LstmAutoencoderOptions { LearningRate = 0 }, nameof(LstmAutoencoderOptions.LearningRate) },
        { new LstmAutoencoderOptions { LearningRate = double.NaN }, nameof(LstmAutoencoderOptions.LearningRate) },
        { new LstmAutoencoderOptions { GradientClipNorm = -1 }, nameof(LstmAutoencoderOptions.GradientClipNorm) },
        { new LstmAutoencoderOptions { MaxTrainingWindows = 0 }, nameof(LstmAutoencoderOptions.MaxTrainingWindows) },
        { new LstmAutoencoderOptions { EarlyStoppingPatience = -1 }, nameof(LstmAutoencoderOptions.EarlyStoppingPatience) },
        { new LstmAutoencoderOptions { MinRelativeImprovement = 1 }, nameof(LstmAutoencoderOptions.MinRelativeImprovement) },
        { new LstmAutoencoderOptions { ClipZ = 0 }, nameof(LstmAutoencoderOptions.ClipZ) },
        { new LstmAutoencoderOptions { ThresholdMads = double.PositiveInfinity }, nameof(LstmAutoencoderOptions.ThresholdMads) },
        { new LstmAutoencoderOptions { MinimumCut = -0.1 }, nameof(LstmAutoencoderOptions.MinimumCut) },
        { new LstmAutoencoderOptions { Contamination = 0.6 }, nameof(LstmAutoencoderOptions.Contamination) },
        { new LstmAutoencoderOptions { MinScales = [1.0, -1.0] }, nameof(LstmAutoencoderOptions.MinScales) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Out_of_range_option_is_rejected_naming_the_setting(LstmAutoencoderOptions options, string setting)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LstmAutoencoder(options));

        Assert.Equal($"LstmAutoencoderOptions.{setting}", error.ParamName);
    }

    [Fact]
    public void Empty_name_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new LstmAutoencoder(new LstmAutoencoderOptions { Name = " " }));
    }

    [Fact]
    public void Min_scales_of_the_wrong_length_are_rejected_at_fit()
    {
        var matrix = SineSeries.Build(seed: 10).ToMatrix();

        var error = Assert.Throws<ArgumentException>(() => Fit(matrix, Small with { MinScales = [1.0] }));

        Assert.Contains("MinScales", error.Message);
    }

    private static byte[] Bytes(FittedLstmAutoencoder model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }
}
