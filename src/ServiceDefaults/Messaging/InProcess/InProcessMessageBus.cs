using System.Collections.Concurrent;
using AnomalyPlatform.Contracts.Messages;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.InProcess;

/// <summary>The in-process adapter of the messaging port: bounded channels, one per subscription, in one process.</summary>
internal sealed class InProcessMessageBus(InProcessQueues queues, IEnumerable<HandlerRegistration> registrations, IOptions<MessagingOptions> options) : IMessageBus
{
    private readonly ConcurrentDictionary<Type, HandlerRegistration[]> _subscribers = new();
    private readonly ConcurrentDictionary<Type, bool> _handedOver = new();

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
        if (_handedOver.GetOrAdd(typeof(T), type => options.Value.InProcessHandOffTypes.Contains(type.Name)))
        {
            foreach (var target in targets)
            {
                var handOver = new InProcessEnvelope<T>(message, traceParent, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                await queues.For<T>(target).Writer.WriteAsync(handOver, cancellationToken).ConfigureAwait(false);
                await handOver.Taken!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var envelope = new InProcessEnvelope<T>(message, traceParent);
            foreach (var target in targets)
            {
                await queues.For<T>(target).Writer.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
            }
        }

        MessagingTelemetry.Published.Add(1, new KeyValuePair<string, object?>("message.type", typeof(T).Name));
    }
}
