using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.RootCause.Messaging;

/// <summary>Hands each detection batch to the run's coordinator.</summary>
public sealed class DetectionBatchHandler(RootCauseRunCoordinator coordinator) : IMessageHandler<DetectionBatch>
{
    public Task HandleAsync(MessageContext<DetectionBatch> context, CancellationToken cancellationToken) =>
        coordinator.OnBatchAsync(context, cancellationToken);
}
