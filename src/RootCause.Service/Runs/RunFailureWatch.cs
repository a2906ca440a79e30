using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>
/// Marks a run failed when one of its messages is dead-lettered (its id starts with the run id): that work will not
/// come, so the run cannot complete, and <c>GET /runs/{run_id}</c> says so, naming the message, instead of "running"
/// forever. Over SQS the dead letters of every service are seen through the dead-letter queues themselves
/// (<see cref="ServiceDefaults.Messaging.Sqs.SqsDeadLetterWatcher"/>), since the detectors dead-letter in their own processes.
/// </summary>
public sealed class RunFailureWatch(DeadLetterLog deadLetters, RunRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        deadLetters.Added += OnDeadLetter;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        deadLetters.Added -= OnDeadLetter;
        return Task.CompletedTask;
    }

    private void OnDeadLetter(DeadLetter letter)
    {
        var separator = letter.MessageId.IndexOf('/', StringComparison.Ordinal);
        if (separator > 0 && registry.Find(letter.MessageId[..separator]) is { } run)
        {
            registry.OnFailed(run.RunId,
                $"{letter.MessageType} {letter.MessageId} failed {letter.Attempts} times and was dead-lettered: {letter.Error}");
        }
    }
}
