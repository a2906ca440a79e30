using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.RootCause.Messaging;

/// <summary>The generator's announcements of a run: its start makes it known, its end lets the evaluation read the labels (or fails it).</summary>
public sealed class RunLifecycleHandler(RunRegistry registry, RunEvaluations evaluations)
    : IMessageHandler<RunStarted>, IMessageHandler<RunGenerated>
{
    public Task HandleAsync(MessageContext<RunStarted> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        registry.OnStarted(context.Message);
        evaluations.OnStarted(context.Message);
        return Task.CompletedTask;
    }

    public Task HandleAsync(MessageContext<RunGenerated> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        registry.OnGenerated(context.Message);
        evaluations.OnGenerated(context.Message);
        return Task.CompletedTask;
    }
}
