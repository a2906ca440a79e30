using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Tests.Messaging;
using AnomalyPlatform.Detector.Tests.TestData;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector.Tests.Telemetry;

public sealed class DetectorMetricsTests
{
    [Fact]
    public async Task Anomalies_counter_counts_the_ensembles_anomalies_per_detected_type_and_the_segment_duration_is_recorded()
    {
        var runId = $"metrics-{Guid.NewGuid():N}";
        var anomalies = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var durations = new ConcurrentBag<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PipelineTelemetry.SourceName
                    && instrument.Name is "anomaly.anomalies" or "anomaly.detection.segment.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            // Other tests of the process detect at the same time: only this run's measurements count.
            if (Tag(tags, PipelineTelemetry.RunIdTag) as string == runId)
            {
                anomalies.AddOrUpdate((string)Tag(tags, PipelineTelemetry.AnomalyTypeTag)!, value, (_, sum) => sum + value);
            }
        });
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => durations.Add(value));
        listener.Start();
        var bus = new CapturingBus();
        var worker = new DetectorWorker(bus, new RecordingProgress(), Options.Create(new DetectorOptions()), NullLogger<DetectorWorker>.Instance);
        var scenario = TelemetryScenario.Build(seed: 33);

        await worker.AnalyseSegmentAsync(TestSegments.Whole(runId, scenario.Records), CancellationToken.None);

        var expected = bus.Published.OfType<DetectionBatch>().SelectMany(batch => batch.Detections)
            .Where(detection => detection.IsAnomaly)
            .GroupBy(detection => detection.DetectedType)
            .ToDictionary(group => group.Key, group => (long)group.Count());
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(pair => pair.Key), anomalies.OrderBy(pair => pair.Key));
        Assert.Contains(durations, seconds => seconds > 0);
    }

    private static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
