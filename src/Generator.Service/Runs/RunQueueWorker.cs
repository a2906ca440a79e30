namespace AnomalyPlatform.Generator.Runs;

/// <summary>Generates the accepted runs one after another; a run that fails is reported (by <see cref="RunGeneration"/>) and the next one starts.</summary>
public sealed class RunQueueWorker(RunQueue queue, RunGeneration generation) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var run in queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await generation.GenerateAsync(run, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Logged and announced as failed by RunGeneration; the service stays up for the next run.
            }
        }
    }
}
