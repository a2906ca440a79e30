using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>Handles one message type. Must be idempotent by <see cref="MessageContext{T}.MessageId"/>: transports deliver at least once.</summary>
public interface IMessageHandler<T> where T : IntegrationMessage
{
    Task HandleAsync(MessageContext<T> context, CancellationToken cancellationToken);
}
