using System.Globalization;
using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>
/// Marks a run failed when one of its messages is dead-lettered (its id starts with the run id): that work will not
/// come, so the run cannot complete, and <c>GET /runs/{run_id}</c> says so, naming the message, instead of "running"
/// forever. Over SQS the dead letters of every service are seen through the dead-letter queues themselves
/// (<see cref="ServiceDefaults.Messaging.Sqs.SqsDeadLetterWatcher"/>), since the detectors dead-letter in their own processes.
/// <para>
/// Likewise every run still running that began before one of the queues was lost and created again, whether this
/// service found it gone itself (an SQS endpoint that restarted empty takes every queue with it, the detectors' too) or
/// saw another service's queue created again (<see cref="ServiceDefaults.Messaging.Sqs.SqsQueueRecreationWatcher"/>: a
/// queue deleted by hand): the run's messages on it went with it. A run begun after that is not touched, and a run
/// that completes all the same is shown completed.
/// </para>
/// </summary>
public sealed class RunFailureWatch(DeadLetterLog deadLetters, TransportFailureLog transport, RunRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        deadLetters.Added += OnDeadLetter;
        transport.Recreated += OnQueueRecreated;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        deadLetters.Added -= OnDeadLetter;
        transport.Recreated -= OnQueueRecreated;
        return Task.CompletedTask;
    }

    private void OnQueueRecreated(RecreatedQueue queue)
    {
        foreach (var run in registry.All())
        {
            if (run.Status == RunState.Running && run.StartedAt <= queue.FoundGoneAt)
            {
                registry.OnFailed(run.RunId, string.Create(CultureInfo.InvariantCulture,
                    $"queue {queue.QueueName} was found gone at {queue.FoundGoneAt:yyyy-MM-dd HH:mm:ss} UTC and created again (an SQS endpoint that restarted empty, or a queue deleted): the run's messages on it are lost, so it cannot complete; start it again"));
            }
        }
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
