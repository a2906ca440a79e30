using System.Globalization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// Completes when the root-cause stage reports the run finished, and fails as soon as something makes that impossible:
/// a dead-lettered message of the run (its id starts with the run id), a transport that gave up (the SQS endpoint
/// unreachable past the outage tolerance, or the run's queues gone with their messages) or a host that stopped (a
/// service's worker failed). A dead-lettered message that is not the run's (undecodable, or another sender's) cannot
/// stop the run from completing: it stays in the <see cref="DeadLetterLog"/> and the summary reports it.
/// </summary>
internal sealed class PipelineCompletion : IMessageHandler<RootCauseCompleted>
{
    private readonly TaskCompletionSource<RootCauseCompleted> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PipelineCompletion(DeadLetterLog deadLetters, TransportFailureLog transportFailures, IHostApplicationLifetime lifetime, IConfiguration configuration)
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
        // Without this the run would wait for ever: consumers keep polling a queue that is gone or an endpoint that is down.
        transportFailures.Added += failure => _completed.TrySetException(new PipelineFailedException(Describe(failure)));
        lifetime.ApplicationStopping.Register(() => _completed.TrySetException(new PipelineFailedException(
            "The pipeline stopped before the run completed; the error above says why.")));
    }

    public Task<RootCauseCompleted> Completion => _completed.Task;

    public Task HandleAsync(MessageContext<RootCauseCompleted> context, CancellationToken cancellationToken)
    {
        _completed.TrySetResult(context.Message);
        return Task.CompletedTask;
    }

    private static string Describe(TransportFailure failure)
    {
        var endpoint = PipelineStartup.SqsEndpointDescription();
        var call = failure.Destination is null ? failure.Operation : $"{failure.Operation} on {failure.Destination}";
        return failure.ResourceMissing
            ? $"SQS/S3 at {endpoint} no longer has the run's queues or bucket ({call}: {failure.Reason}). An emulator that was " +
              "restarted has lost them and the messages on them, so this run cannot complete: run it again."
            : $"SQS/S3 at {endpoint} has failed for {failure.FailingFor.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s " +
              $"({call}: {failure.Reason}), past Messaging:Sqs:OutageToleranceSeconds. Start the emulator again (see the README) or " +
              "fix AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_S3, then run again.";
    }
}
