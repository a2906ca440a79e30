using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.Detector.Tests.TestData;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector.Tests.Messaging;

/// <summary>The detector on the real in-process bus, composed as the AppHost composes it.</summary>
public sealed class DetectorHostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static IHost BuildHost(CapturingDetectionHandler capture, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        builder.AddDetector();
        builder.Services.AddSingleton(capture);
        builder.Services.AddHandler<CapturingDetectionHandler, DetectionBatch>();
        builder.Services.AddHandler<CapturingDetectionHandler, DetectionCompleted>();
        builder.Services.AddDetectionEvaluation();
        return builder.Build();
    }

    private static List<TelemetryBatch> Batches(string runId, IReadOnlyList<TelemetryRecord> records, int size) =>
        records.Chunk(size).Select((chunk, sequence) => new TelemetryBatch(sequence, chunk) { RunId = runId }).ToList();

    private static async Task<(IReadOnlyList<DetectionBatch> Batches, DetectionCompleted Completed, DetectionCollector Collector)> RunAsync(
        Func<IMessageBus, Task> publish, CapturingDetectionHandler capture)
    {
        using var host = BuildHost(capture);
        await host.StartAsync();
        try
        {
            await publish(host.Services.GetRequiredService<IMessageBus>());
            await capture.Done.WaitAsync(Timeout);
            var collector = host.Services.GetRequiredService<DetectionCollector>();
            await collector.Completion.WaitAsync(Timeout);
            return (capture.Batches, capture.Completed, collector);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static string Fingerprint(IReadOnlyList<DetectionBatch> batches, DetectionCompleted completed) =>
        string.Join('\n', batches.SelectMany(b => b.Detections).Select(d =>
            $"{d.RecordId}|{d.IsAnomaly}|{d.Confidence:R}|{d.DetectedType}|{string.Join(',', d.Scores)}|{string.Join(';', d.Reasons)}"))
        + $"\n{completed.BatchCount}|{completed.RecordsScored}|{string.Join(',', completed.Models)}|{string.Join(',', completed.Edges)}|{string.Join(',', completed.ChangeEvents)}";

    [Fact]
    public async Task Batches_then_completion_produce_detections_a_completion_and_a_complete_collector()
    {
        var scenario = TelemetryScenario.Build(seed: 31);
        var batches = Batches("run-a", scenario.Records, 1500);
        var capture = new CapturingDetectionHandler();

        var (detectionBatches, completed, collector) = await RunAsync(async bus =>
        {
            foreach (var batch in batches)
            {
                await bus.PublishAsync(batch, CancellationToken.None);
            }

            await bus.PublishAsync(new GenerationCompleted(batches.Count, scenario.Records.Count) { RunId = "run-a" }, CancellationToken.None);
        }, capture);

        Assert.Equal(1, capture.CompletedCount);
        Assert.Equal(Enumerable.Range(0, completed.BatchCount), detectionBatches.Select(b => b.Sequence));
        Assert.Equal(scenario.Records.Count, completed.RecordsScored);
        Assert.Contains(ModelNames.Statistical, completed.Models);
        Assert.Equal(ModelNames.Ensemble, completed.Models[^1]);
        Assert.Contains(new ServiceEdge("frontend", "checkout", completed.Edges.Single(e => e.Caller == "frontend").Calls), completed.Edges);
        string[] changeTypes = ["deploy", "config_change", "scale", "restart"];
        var changes = scenario.Records.Where(r => r.Kind == TelemetryKind.Event && changeTypes.Contains(r.Name)).Select(r => r.RecordId);
        Assert.Equal(changes, completed.ChangeEvents.Select(c => c.RecordId));
        var ids = detectionBatches.SelectMany(b => b.Detections).Select(d => d.RecordId).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.NotEmpty(collector.FlaggedBy(ModelNames.Ensemble));
    }

    [Fact]
    public async Task Completion_first_reversed_batches_and_a_duplicate_give_the_same_output_as_in_order()
    {
        var scenario = TelemetryScenario.Build(seed: 32);
        var inOrderCapture = new CapturingDetectionHandler();
        var shuffledCapture = new CapturingDetectionHandler();

        var inOrder = await RunAsync(async bus =>
        {
            foreach (var batch in Batches("run-b", scenario.Records, 1000))
            {
                await bus.PublishAsync(batch, CancellationToken.None);
            }

            await bus.PublishAsync(new GenerationCompleted(Batches("run-b", scenario.Records, 1000).Count, scenario.Records.Count) { RunId = "run-b" }, CancellationToken.None);
        }, inOrderCapture);
        var shuffled = await RunAsync(async bus =>
        {
            var batches = Batches("run-b", scenario.Records, 1000);
            await bus.PublishAsync(new GenerationCompleted(batches.Count, scenario.Records.Count) { RunId = "run-b" }, CancellationToken.None);
            await bus.PublishAsync(batches[2], CancellationToken.None);
            foreach (var batch in Enumerable.Reverse(batches))
            {
                await bus.PublishAsync(batch, CancellationToken.None);
            }
        }, shuffledCapture);

        Assert.Equal(1, shuffledCapture.CompletedCount);
        Assert.Equal(Fingerprint(inOrder.Batches, inOrder.Completed), Fingerprint(shuffled.Batches, shuffled.Completed));
    }

    [Fact]
    public async Task Invalid_detection_batch_size_stops_the_host_at_start_naming_the_setting()
    {
        using var host = BuildHost(new CapturingDetectionHandler(), new Dictionary<string, string?> { ["Detector:DetectionBatchSize"] = "0" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Detector:DetectionBatchSize", exception.Message, StringComparison.Ordinal);
    }
}
