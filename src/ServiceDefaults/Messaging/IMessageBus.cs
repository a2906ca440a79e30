using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>Publishes messages to whoever handles them; the transport behind it is configuration, not code.</summary>
public interface IMessageBus
{
    /// <summary>
    /// Publishes <paramref name="message"/>. Completes when the transport has accepted it; with a bounded in-process
    /// transport that may wait for consumers to catch up (back-pressure).
    /// </summary>
    Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : IntegrationMessage;
}
