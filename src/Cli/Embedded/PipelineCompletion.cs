using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// Completes when the root-cause stage reports the run finished, and fails as soon as something makes that impossible:
/// a dead-lettered message of the run (its id starts with the run id) or a host that stopped (a service's worker
/// failed). A dead-lettered message that is not the run's (undecodable, or another sender's) cannot stop the run from
/// completing: it stays in the <see cref="DeadLetterLog"/> and the summary reports it.
/// </summary>
internal sealed class PipelineCompletion : IMessageHandler<RootCauseCompleted>
{
    private readonly TaskCompletionSource<RootCauseCompleted> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PipelineCompletion(DeadLetterLog deadLetters, IHostApplicationLifetime lifetime, IConfiguration configuration)
    {
        var runMessages = SqsRunSettings.RunIdOf(configuration) + "/";
        deadLetters.Added += letter =>
        {
            if (letter.MessageId.StartsWith(runMessages, StringComparison.Ordinal))
            {
                _completed.TrySetException(new PipelineFailedException(
                    $"{letter.MessageType} {letter.MessageId} failed {letter.Attempts} times and was dead-lettered: {letter.Error}"));
            }
        };
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
