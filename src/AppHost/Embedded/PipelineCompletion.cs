using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.AppHost.Embedded;

/// <summary>
/// Completes when the root-cause stage reports the run finished, and fails as soon as something makes that impossible:
/// a dead-lettered message or a host that stopped (a service's worker failed).
/// </summary>
internal sealed class PipelineCompletion : IMessageHandler<RootCauseCompleted>
{
    private readonly TaskCompletionSource<RootCauseCompleted> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PipelineCompletion(DeadLetterLog deadLetters, IHostApplicationLifetime lifetime)
    {
        deadLetters.Added += letter => _completed.TrySetException(new PipelineFailedException(
            $"{letter.MessageType} {letter.MessageId} failed {letter.Attempts} times and was dead-lettered: {letter.Error}"));
        lifetime.ApplicationStopping.Register(() => _completed.TrySetException(new PipelineFailedException(
            "The pipeline stopped before the run completed; the error above says why.")));
    }

    public Task<RootCauseCompleted> Completion => _completed.Task;

    public Task HandleAsync(MessageContext<RootCauseCompleted> context, CancellationToken cancellationToken)
    {
        _completed.TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}
