using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.RootCause.Messaging;

/// <summary>Hands each detection batch to the run's evaluation, then to the run's coordinator (one queue, both readers).</summary>
public sealed class DetectionBatchHandler(RootCauseRunCoordinator coordinator, RunEvaluations evaluations) : IMessageHandler<DetectionBatch>
{
    public async Task HandleAsync(MessageContext<DetectionBatch> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (evaluations.CollectorOf(context.Message.RunId) is { } collector)
        {
            await collector.HandleAsync(context, cancellationToken).ConfigureAwait(false);
        }

        await coordinator.OnBatchAsync(context, cancellationToken).ConfigureAwait(false);
    }
}
