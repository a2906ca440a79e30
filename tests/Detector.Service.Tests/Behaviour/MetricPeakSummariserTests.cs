using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Behaviour;
using Xunit;

namespace AnomalyPlatform.Detector.Tests.Behaviour;

public sealed class MetricPeakSummariserTests
{
    [Fact]
    public void Peaks_are_the_highest_own_reading_per_service_metric_and_minute_over_instances()
    {
        var t = new DateTime(2024, 1, 1, 0, 0, 10, DateTimeKind.Utc);
        var records = new List<TelemetryRecord>
        {
            new(0, t, TelemetryKind.Metric, "a", "a-1", "cpu_percent", 99), // leading context: not this segment's
            new(1, t, TelemetryKind.Metric, "a", "a-1", "cpu_percent", 20),
            new(2, t.AddSeconds(5), TelemetryKind.Metric, "a", "a-2", "cpu_percent", 35),
            new(3, t.AddSeconds(6), TelemetryKind.Metric, "a", "a-1", "cpu_percent", double.NaN),
            new(4, t.AddSeconds(7), TelemetryKind.Log, "a", "a-1", "", 0, Message: "started"),
            new(5, t.AddSeconds(60), TelemetryKind.Metric, "a", "a-1", "cpu_percent", 12),
        };

        var peaks = MetricPeakSummariser.Summarise(records, 1, 5);

        Assert.Equal(
            [new MetricPeak("a", "cpu_percent", t.AddSeconds(-10), 35), new MetricPeak("a", "cpu_percent", t.AddSeconds(50), 12)],
            peaks);
    }
}
