using System.Collections.Concurrent;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.ServiceDefaults.Tests.Messaging;

internal sealed record Ping(int Number) : IntegrationMessage
{
    public override string MessageId => $"{RunId}/ping/{Number}";
}

internal sealed record Unhandled(int Number) : IntegrationMessage
{
    public override string MessageId => $"{RunId}/unhandled/{Number}";
}

/// <summary>Records every delivery and signals when the expected number has arrived.</summary>
internal class RecordingHandler : IMessageHandler<Ping>
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<MessageContext<Ping>> Received { get; } = new();

    public int Expected { get; set; } = int.MaxValue;

    public Task Done => _done.Task;

    public virtual Task HandleAsync(MessageContext<Ping> context, CancellationToken cancellationToken)
    {
        Received.Enqueue(context);
        if (Received.Count >= Expected)
        {
            _done.TrySetResult();
        }

        return Task.CompletedTask;
    }
}

internal sealed class SecondRecordingHandler : RecordingHandler;

/// <summary>Fails the first <see cref="FailuresPerMessage"/> deliveries of every message.</summary>
internal sealed class FlakyHandler : RecordingHandler
{
    public int FailuresPerMessage { get; set; }

    public override Task HandleAsync(MessageContext<Ping> context, CancellationToken cancellationToken)
    {
        if (context.ReceiveCount <= FailuresPerMessage)
        {
            throw new InvalidOperationException($"planned failure {context.ReceiveCount}");
        }

        return base.HandleAsync(context, cancellationToken);
    }
}

/// <summary>JSON metadata for the test messages, so that the SQS wire format can carry them.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Ping))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Unhandled))]
internal sealed partial class TestMessagesJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
