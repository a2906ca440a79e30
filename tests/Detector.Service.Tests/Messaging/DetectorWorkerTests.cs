using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Tests.TestData;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector.Tests.Messaging;

public sealed class DetectorWorkerTests
{
    private const string Run = "run-w";

    private static (DetectorWorker Worker, CapturingBus Bus, RecordingProgress Progress) NewWorker(int detectionBatchSize = 16)
    {
        var bus = new CapturingBus();
        var progress = new RecordingProgress();
        var worker = new DetectorWorker(bus, progress, Options.Create(new DetectorOptions { DetectionBatchSize = detectionBatchSize }), NullLogger<DetectorWorker>.Instance);
        return (worker, bus, progress);
    }

    private static List<TelemetryBatch> Batches(IReadOnlyList<TelemetryRecord> records, int size) =>
        records.Chunk(size).Select((chunk, sequence) => new TelemetryBatch(sequence, chunk) { RunId = Run }).ToList();

    [Fact]
    public async Task Generation_completed_first_then_batches_out_of_order_with_a_duplicate_publish_once()
    {
        var scenario = TelemetryScenario.Build(seed: 21);
        var batches = Batches(scenario.Records, 2000);
        var (worker, bus, progress) = NewWorker();

        await worker.AcceptCompletionAsync(new GenerationCompleted(batches.Count, scenario.Records.Count) { RunId = Run }, CancellationToken.None);
        Assert.Empty(bus.Published);
        foreach (var batch in Enumerable.Reverse(batches))
        {
            await worker.AcceptBatchAsync(batch, CancellationToken.None);
        }

        await worker.AcceptBatchAsync(batches[0], CancellationToken.None);

        var completed = Assert.Single(bus.Published.OfType<DetectionCompleted>());
        var detectionBatches = bus.Published.OfType<DetectionBatch>().ToList();
        Assert.Same(completed, bus.Published[^1]);
        Assert.Equal(Enumerable.Range(0, completed.BatchCount), detectionBatches.Select(b => b.Sequence));
        Assert.Equal(scenario.Records.Count, completed.RecordsScored);
        Assert.All(detectionBatches, b => Assert.InRange(b.Detections.Count, 1, 16));
        Assert.All(bus.Published, message => Assert.Equal(Run, message.RunId));
        Assert.Equal(scenario.Records.Count, progress.Advanced);
        Assert.Equal([$"start {PipelineStages.Detect}", $"complete {PipelineStages.Detect}"], progress.Calls);
    }

    [Fact]
    public async Task Detection_waits_until_every_announced_batch_is_in()
    {
        var scenario = TelemetryScenario.Build(seed: 22);
        var batches = Batches(scenario.Records, 3000);
        var (worker, bus, _) = NewWorker();

        foreach (var batch in batches.Skip(1))
        {
            await worker.AcceptBatchAsync(batch, CancellationToken.None);
        }

        await worker.AcceptBatchAsync(batches[1], CancellationToken.None);
        await worker.AcceptCompletionAsync(new GenerationCompleted(batches.Count, scenario.Records.Count) { RunId = Run }, CancellationToken.None);
        var publishedBeforeLastBatch = bus.Published.Count;
        await worker.AcceptBatchAsync(batches[0], CancellationToken.None);

        Assert.Equal(0, publishedBeforeLastBatch);
        Assert.Single(bus.Published.OfType<DetectionCompleted>());
    }

    [Fact]
    public async Task Redelivered_generation_completed_after_publishing_is_ignored()
    {
        var scenario = TelemetryScenario.Build(seed: 23);
        var batches = Batches(scenario.Records, 5000);
        var (worker, bus, _) = NewWorker();
        var completed = new GenerationCompleted(batches.Count, scenario.Records.Count) { RunId = Run };
        foreach (var batch in batches)
        {
            await worker.AcceptBatchAsync(batch, CancellationToken.None);
        }

        await worker.AcceptCompletionAsync(completed, CancellationToken.None);
        var published = bus.Published.Count;
        await worker.AcceptCompletionAsync(completed, CancellationToken.None);
        await worker.AcceptBatchAsync(batches[0], CancellationToken.None);

        Assert.Equal(published, bus.Published.Count);
    }

    [Fact]
    public async Task Empty_run_publishes_a_completion_with_no_batches()
    {
        var (worker, bus, _) = NewWorker();

        await worker.AcceptCompletionAsync(new GenerationCompleted(0, 0) { RunId = Run }, CancellationToken.None);

        var completed = Assert.Single(bus.Published.OfType<DetectionCompleted>());
        Assert.Equal(0, completed.BatchCount);
        Assert.Equal(0, completed.RecordsScored);
    }
}
