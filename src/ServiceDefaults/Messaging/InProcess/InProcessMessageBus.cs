using System.Collections.Concurrent;
using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.ServiceDefaults.Messaging.InProcess;

/// <summary>The in-process adapter of the messaging port: bounded channels, one per subscription, in one process.</summary>
internal sealed class InProcessMessageBus(InProcessQueues queues, IEnumerable<HandlerRegistration> registrations) : IMessageBus
{
    private readonly ConcurrentDictionary<Type, HandlerRegistration[]> _subscribers = new();

    public async Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : IntegrationMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        var targets = _subscribers.GetOrAdd(typeof(T), type => registrations.Where(r => r.MessageType == type).ToArray());
        if (targets.Length == 0)
        {
            // In one process every consumer is registered up front, so a message nobody handles is a wiring error,
            // and dropping it silently would lose data.
            throw new InvalidOperationException(
                $"No handler is registered for {typeof(T).Name}; register one with services.AddHandler<THandler, {typeof(T).Name}>().");
        }

        using var activity = MessagingTelemetry.StartPublish(typeof(T).Name, message.MessageId, message.RunId, out var traceParent);
        var envelope = new InProcessEnvelope<T>(message, traceParent);
        foreach (var target in targets)
        {
            await queues.For<T>(target).Writer.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
        }

        MessagingTelemetry.Published.Add(1, new KeyValuePair<string, object?>("message.type", typeof(T).Name));
    }
}
