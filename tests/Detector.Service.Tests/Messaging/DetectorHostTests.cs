using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Tests.TestData;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector.Tests.Messaging;

/// <summary>The detector on the real in-process bus, composed as the CLI composes it.</summary>
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
        // The evaluation's stream of every record's scores: read by the root-cause service, not looked at here.
        builder.Services.AddHandler<DiscardedScores, ScoreBatch>();
        return builder.Build();
    }

    private static async Task<(IReadOnlyList<DetectionBatch> Batches, IReadOnlyList<DetectionCompleted> Completions)> RunAsync(
        Func<IMessageBus, Task> publish, CapturingDetectionHandler capture)
    {
        using var host = BuildHost(capture);
        await host.StartAsync();
        try
        {
            await publish(host.Services.GetRequiredService<IMessageBus>());
            await capture.Done.WaitAsync(Timeout);
            return (capture.Batches, capture.Completions);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static string Fingerprint(IReadOnlyList<DetectionBatch> batches, IReadOnlyList<DetectionCompleted> completions) =>
        string.Join('\n', batches.DistinctBy(b => b.MessageId).SelectMany(b => b.Detections).Select(d =>
            $"{d.RecordId}|{d.IsAnomaly}|{d.Confidence:R}|{d.DetectedType}|{string.Join(',', d.Scores)}|{string.Join(';', d.Reasons)}"))
        + string.Concat(completions.DistinctBy(c => c.Segment).Select(completed =>
            $"\n{completed.Segment}|{completed.BatchCount}|{completed.RecordsScored}|{string.Join(',', completed.Models)}|{string.Join(',', completed.Edges)}|{string.Join(',', completed.ChangeEvents)}"));

    [Fact]
    public async Task Single_segment_produces_detections_and_a_completion()
    {
        var scenario = TelemetryScenario.Build(seed: 31);
        var capture = new CapturingDetectionHandler();

        var (detectionBatches, completions) = await RunAsync(
            bus => bus.PublishAsync(TestSegments.Whole("run-a", scenario.Records), CancellationToken.None), capture);

        var completed = Assert.Single(completions);
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
        Assert.Contains(detectionBatches.SelectMany(b => b.Detections), d => d.IsAnomaly);
    }

    [Fact]
    public async Task Segments_in_reverse_order_with_a_duplicate_give_the_same_output_as_in_order()
    {
        var scenario = TelemetryScenario.Build(seed: 32);
        var segments = TestSegments.Split("run-b", scenario.Records, size: scenario.Records.Count / 3 + 1, context: 600);
        var inOrderCapture = new CapturingDetectionHandler();
        var shuffledCapture = new CapturingDetectionHandler();

        var inOrder = await RunAsync(async bus =>
        {
            foreach (var segment in segments)
            {
                await bus.PublishAsync(segment, CancellationToken.None);
            }
        }, inOrderCapture);
        var shuffled = await RunAsync(async bus =>
        {
            await bus.PublishAsync(segments[1], CancellationToken.None);
            foreach (var segment in Enumerable.Reverse(segments))
            {
                await bus.PublishAsync(segment, CancellationToken.None);
            }
        }, shuffledCapture);

        Assert.Equal(3, inOrder.Completions.Count);
        Assert.Equal(scenario.Records.Count, inOrder.Completions.Sum(c => c.RecordsScored));
        Assert.Equal(Fingerprint(inOrder.Batches, inOrder.Completions), Fingerprint(shuffled.Batches, shuffled.Completions));
    }

    [Fact]
    public async Task Invalid_detection_batch_size_stops_the_host_at_start_naming_the_setting()
    {
        using var host = BuildHost(new CapturingDetectionHandler(), new Dictionary<string, string?> { ["Detector:DetectionBatchSize"] = "0" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Detector:DetectionBatchSize", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Detector:Contaminaton", "0.05")]
    [InlineData("Detector:IsolationForestTress", "50")]
    public async Task A_misspelt_detector_setting_fails_at_start_naming_it_instead_of_running_the_default(string key, string value)
    {
        // Ignored, Detector:Contaminaton=0.05 had kept the models' own thresholds, and IsolationForestTress 100 trees.
        using var host = BuildHost(new CapturingDetectionHandler(), new Dictionary<string, string?> { [key] = value });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"{key} is not a detector setting; known: Contamination, CompactBetweenSegments,", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apphost_replica_count_a_model_list_and_settings_in_any_letter_case_start_the_detector()
    {
        using var host = BuildHost(new CapturingDetectionHandler(), new Dictionary<string, string?>
        {
            // Read by the AppHost; the detectors it starts may inherit it.
            ["Detector:Replicas"] = "3",
            ["Detector:Models:0"] = "statistical",
            ["Detector:Models:1"] = "isolation_forest",
            ["Detector:compactBetweenSegments"] = "false",
            ["Detector:CONTAMINATION"] = "0.05",
        });

        await host.StartAsync();
        await host.StopAsync();

        var options = host.Services.GetRequiredService<IOptions<DetectorOptions>>().Value;
        Assert.Equal(["statistical", "isolation_forest"], options.Models);
        Assert.Equal(0.05, options.Contamination);
    }
}

/// <summary>Takes the detector's score batches and drops them.</summary>
internal sealed class DiscardedScores : IMessageHandler<ScoreBatch>
{
    public Task HandleAsync(MessageContext<ScoreBatch> context, CancellationToken cancellationToken) => Task.CompletedTask;
}
