using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.Detector.Tests.Messaging;

/// <summary>A message bus that records what is published, for driving the worker in an exact order.</summary>
internal sealed class CapturingBus : IMessageBus
{
    public List<IntegrationMessage> Published { get; } = [];

    public Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : IntegrationMessage
    {
        lock (Published)
        {
            Published.Add(message);
        }

        return Task.CompletedTask;
    }
}
