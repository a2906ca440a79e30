using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.RootCause.Messaging;

/// <summary>Hands the detector's completion message (batch count, call graph, change events) to the run's coordinator.</summary>
public sealed class DetectionCompletedHandler(RootCauseRunCoordinator coordinator) : IMessageHandler<DetectionCompleted>
{
    public Task HandleAsync(MessageContext<DetectionCompleted> context, CancellationToken cancellationToken) =>
        coordinator.OnCompletedAsync(context, cancellationToken);
}
