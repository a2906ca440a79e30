using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.RootCause.Messaging;

/// <summary>Hands every record's scores to the run's evaluation (ROC-AUC and PR-AUC need the records no model flagged too).</summary>
public sealed class ScoreBatchHandler(RunEvaluations evaluations) : IMessageHandler<ScoreBatch>
{
    public Task HandleAsync(MessageContext<ScoreBatch> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return evaluations.CollectorOf(context.Message.RunId) is { } collector
            ? collector.HandleAsync(context, cancellationToken)
            : Task.CompletedTask;
    }
}
