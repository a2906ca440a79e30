using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class SeriesDetectionTests
{
    [Fact]
    public void One_alarm_per_episode_keeps_the_first_of_each_run_of_flagged_rows()
    {
        var detection = new SeriesDetection(
            [0.1, 0.9, 0.8, 0.7, 0.2, 0.95, 0.3, 0.6, 0.9],
            [false, true, true, true, false, true, false, true, true]);

        var episodes = detection.FirstOfEachEpisode();

        Assert.Equal([false, true, false, false, false, true, false, true, false], episodes.IsAnomaly);
        Assert.Equal([0.1, 0.9, 0, 0, 0.2, 0.95, 0.3, 0.6, 0], episodes.Scores);
        Assert.Equal(3, episodes.AnomalyCount);
        // The original is left as it was.
        Assert.Equal(6, detection.AnomalyCount);
    }
}
