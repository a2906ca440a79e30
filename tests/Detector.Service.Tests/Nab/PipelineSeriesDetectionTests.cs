using AnomalyPlatform.Detector.Nab;
using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.Nab;

public sealed class PipelineSeriesDetectionTests
{
    [Fact]
    public void A_spike_in_a_quiet_series_is_the_pipelines_top_score_and_an_anomaly_and_the_rest_mostly_is_not()
    {
        const int rows = 600, spike = 400;
        var random = new Random(11);
        var values = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            values[i] = 50 + random.NextDouble();
        }

        values[spike] = 80;
        var series = Series(values);

        var result = PipelineSeriesDetection.Run(series, new DetectorOptions(), CancellationToken.None);
        var detection = result.Ensemble;

        Assert.Equal(rows, detection.Scores.Length);
        Assert.Equal(rows, detection.IsAnomaly.Length);
        Assert.All(detection.Scores, score => Assert.InRange(score, 0.0, 1.0));
        Assert.True(detection.IsAnomaly[spike]);
        Assert.Equal(spike, Array.IndexOf(detection.Scores, detection.Scores.Max()));
        Assert.True(detection.AnomalyCount < rows / 20, $"{detection.AnomalyCount} of {rows} points flagged");
        // Every model has its own verdict; the statistical model, a robust z on the series, flags the spike too.
        Assert.Equal(AnomalyPlatform.Contracts.Messages.ModelNames.Ensemble, result.Models[^1]);
        Assert.Equal(result.Models.Count, result.Detections.Count);
        var statistical = result.Detections[IndexOf(result.Models, AnomalyPlatform.Contracts.Messages.ModelNames.Statistical)];
        Assert.True(statistical.IsAnomaly[spike]);
        Assert.Equal(spike, Array.IndexOf(statistical.Scores, statistical.Scores.Max()));
    }

    private static int IndexOf(IReadOnlyList<string> models, string model) => models.ToList().IndexOf(model);

    [Fact]
    public void The_same_series_gives_the_same_detection()
    {
        var random = new Random(3);
        var series = Series([.. Enumerable.Range(0, 300).Select(i => 10 + Math.Sin(i / 10.0) + random.NextDouble())]);

        var first = PipelineSeriesDetection.Run(series, new DetectorOptions(), CancellationToken.None);
        var second = PipelineSeriesDetection.Run(series, new DetectorOptions(), CancellationToken.None);

        Assert.Equal(first.Models, second.Models);
        for (var m = 0; m < first.Models.Count; m++)
        {
            Assert.Equal(first.Detections[m].Scores, second.Detections[m].Scores);
            Assert.Equal(first.Detections[m].IsAnomaly, second.Detections[m].IsAnomaly);
        }
    }

    private static UnivariateSeries Series(double[] values)
    {
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var timestamps = values.Select((_, i) => start.AddMinutes(5 * i)).ToArray();
        var texts = values.Select(static v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new UnivariateSeries("test.csv", timestamps, values, texts, texts);
    }
}
