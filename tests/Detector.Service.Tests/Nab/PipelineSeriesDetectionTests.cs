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

        var detection = PipelineSeriesDetection.Run(series, new DetectorOptions(), CancellationToken.None);

        Assert.Equal(rows, detection.Scores.Length);
        Assert.Equal(rows, detection.IsAnomaly.Length);
        Assert.All(detection.Scores, score => Assert.InRange(score, 0.0, 1.0));
        Assert.True(detection.IsAnomaly[spike]);
        Assert.Equal(spike, Array.IndexOf(detection.Scores, detection.Scores.Max()));
        Assert.True(detection.AnomalyCount < rows / 20, $"{detection.AnomalyCount} of {rows} points flagged");
    }

    [Fact]
    public void The_same_series_gives_the_same_detection()
    {
        var random = new Random(3);
        var series = Series([.. Enumerable.Range(0, 300).Select(i => 10 + Math.Sin(i / 10.0) + random.NextDouble())]);

        var first = PipelineSeriesDetection.Run(series, new DetectorOptions(), CancellationToken.None);
        var second = PipelineSeriesDetection.Run(series, new DetectorOptions(), CancellationToken.None);

        Assert.Equal(first.Scores, second.Scores);
        Assert.Equal(first.IsAnomaly, second.IsAnomaly);
    }

    private static UnivariateSeries Series(double[] values)
    {
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var timestamps = values.Select((_, i) => start.AddMinutes(5 * i)).ToArray();
        var texts = values.Select(static v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new UnivariateSeries("test.csv", timestamps, values, texts, texts);
    }
}
