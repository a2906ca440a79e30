using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>
/// The command-line run's generator: announces and generates the configured run once when the host starts
/// (<see cref="RunGeneration"/>). The long-running service instead generates the runs it is asked for over HTTP
/// (<see cref="Runs.RunQueueWorker"/>).
/// </summary>
public sealed class GeneratorWorker(RunGeneration generation, IMessageBus bus, IOptions<GeneratorOptions> generatorOptions) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Generation is CPU-bound; leave the host's start-up thread at once.
        await Task.Yield();
        var options = generatorOptions.Value;
        await bus.PublishAsync(RunGeneration.Announcement(options, DateTime.UtcNow), stoppingToken).ConfigureAwait(false);
        await generation.GenerateAsync(options, stoppingToken).ConfigureAwait(false);
    }
}
