using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

using AnomalyPlatform.ServiceDefaults.Messaging;

using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Tests.Evaluation;

public sealed class DetectionCollectorTests
{
    private static Task Deliver<T>(IMessageHandler<T> handler, T message) where T : IntegrationMessage =>
        handler.HandleAsync(new MessageContext<T>(message, message.MessageId, 1, null), CancellationToken.None);

    private static DetectionBatch Batch(int sequence, params long[] ids) => new(sequence, ids.Select(id => new Detection(
        id, DateTime.UnixEpoch, TelemetryKind.Log, "svc", "svc-0", "E1", true, 0.9, AnomalyTypes.ErrorLogBurst,
        [new ModelScore(ModelNames.Statistical, 0.9, true)], ["statistical: test"])).ToList()) { RunId = "r" };

    [Fact]
    public async Task Completion_waits_for_every_announced_batch_even_when_completion_arrives_first()
    {
        var collector = new DetectionCollector();
        var completed = new DetectionCompleted(2, 100, [ModelNames.Statistical, ModelNames.Ensemble], [], []) { RunId = "r" };

        await Deliver<DetectionCompleted>(collector, completed);
        await Deliver<DetectionBatch>(collector, Batch(1, 5));
        var afterOneBatch = collector.Completion.IsCompleted;
        await Deliver<DetectionBatch>(collector, Batch(0, 1, 2));

        Assert.False(afterOneBatch);
        Assert.Equal(completed.Models, await collector.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([1L, 2L, 5L], collector.FlaggedBy(ModelNames.Ensemble).Keys.Order());
        Assert.Equal(3, collector.FlaggedBy(ModelNames.Statistical).Count);
    }

    [Fact]
    public async Task Segmented_run_completes_only_when_every_segment_and_its_batches_are_in()
    {
        var collector = new DetectionCollector();
        var first = new DetectionCompleted(1, 50, [ModelNames.Statistical, ModelNames.Ensemble], [], []) { RunId = "r", Segment = 0, SegmentCount = 2 };
        var second = first with { Segment = 1 };

        await Deliver<DetectionCompleted>(collector, second);
        // Same sequence number in another segment: a different batch.
        await Deliver<DetectionBatch>(collector, Batch(0, 7) with { Segment = 1 });
        await Deliver<DetectionBatch>(collector, Batch(0, 3) with { Segment = 0 });
        var beforeFirstCompletion = collector.Completion.IsCompleted;
        await Deliver<DetectionCompleted>(collector, first);

        Assert.False(beforeFirstCompletion);
        Assert.Equal(first.Models, await collector.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([3L, 7L], collector.FlaggedBy(ModelNames.Statistical).Keys.Order());
    }

    [Fact]
    public async Task Redelivered_batch_is_not_counted_as_another_batch()
    {
        var collector = new DetectionCollector();
        await Deliver<DetectionBatch>(collector, Batch(0, 1));
        await Deliver<DetectionBatch>(collector, Batch(0, 1));

        await Deliver<DetectionCompleted>(collector, new DetectionCompleted(2, 10, [ModelNames.Ensemble], [], []) { RunId = "r" });

        Assert.False(collector.Completion.IsCompleted);
        Assert.Single(collector.FlaggedBy(ModelNames.Ensemble));
    }
}
