using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>Announces the run's end on the bus, for the command-line run that waits for it.</summary>
public sealed class PublishedRunCompletion(IMessageBus bus) : IRunCompletion
{
    public Task CompleteAsync(FinishedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return bus.PublishAsync(run.Completed, cancellationToken);
    }
}
