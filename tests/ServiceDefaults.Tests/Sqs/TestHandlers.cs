using System.Collections.Concurrent;
using Amazon.S3;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>Keeps the first message of its type and signals it.</summary>
internal sealed class Capturing<T> : IMessageHandler<T> where T : IntegrationMessage
{
    private readonly TaskCompletionSource<MessageContext<T>> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<MessageContext<T>> First => _first.Task;

    public Task HandleAsync(MessageContext<T> context, CancellationToken cancellationToken)
    {
        _first.TrySetResult(context);
        return Task.CompletedTask;
    }
}

/// <summary>While handling, counts the claim-check objects stored for its queue (the payload must be there then).</summary>
internal sealed class ClaimCheckProbe(IAmazonS3 s3, string bucket, string keyPrefix) : IMessageHandler<TelemetrySegment>
{
    private readonly TaskCompletionSource<(MessageContext<TelemetrySegment> Context, int ObjectsWhileHandling)> _handled =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(MessageContext<TelemetrySegment> Context, int ObjectsWhileHandling)> Handled => _handled.Task;

    public async Task HandleAsync(MessageContext<TelemetrySegment> context, CancellationToken cancellationToken)
    {
        var listing = await s3.ListObjectsV2Async(new() { BucketName = bucket, Prefix = keyPrefix }, cancellationToken);
        _handled.TrySetResult((context, listing.S3Objects?.Count ?? 0));
    }
}

/// <summary>Takes several visibility timeouts over the first message; records every delivery.</summary>
internal sealed class SlowHandler(TimeSpan work) : RecordingHandler
{
    public ConcurrentDictionary<int, int> Deliveries { get; } = new();

    public override async Task HandleAsync(MessageContext<Ping> context, CancellationToken cancellationToken)
    {
        Deliveries.AddOrUpdate(context.Message.Number, 1, (_, n) => n + 1);
        if (context.Message.Number == 1)
        {
            await Task.Delay(work, cancellationToken);
        }

        await base.HandleAsync(context, cancellationToken);
    }
}
