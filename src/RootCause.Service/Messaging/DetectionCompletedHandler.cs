using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.RootCause.Messaging;

/// <summary>Hands a segment's completion (batch counts, call graph, change events) to the run's evaluation, then to its coordinator.</summary>
public sealed class DetectionCompletedHandler(RootCauseRunCoordinator coordinator, RunEvaluations evaluations) : IMessageHandler<DetectionCompleted>
{
    public async Task HandleAsync(MessageContext<DetectionCompleted> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (evaluations.CollectorOf(context.Message.RunId) is { } collector)
        {
            await collector.HandleAsync(context, cancellationToken).ConfigureAwait(false);
        }

        await coordinator.OnCompletedAsync(context, cancellationToken).ConfigureAwait(false);
    }
}
