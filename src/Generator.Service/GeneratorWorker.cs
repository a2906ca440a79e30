using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Generates the configured run once when the host starts: writes the data set (<see cref="SyntheticDatasetWriter"/>),
/// publishing each batch as a <see cref="TelemetryBatch"/> once it is written (awaiting the bus's back-pressure), then
/// publishes <see cref="GenerationCompleted"/>. A failure is logged and rethrown.
/// </summary>
public sealed partial class GeneratorWorker(
    SyntheticDatasetWriter datasetWriter,
    IMessageBus bus,
    IStageProgress progress,
    IOptions<GeneratorOptions> generatorOptions,
    IOptions<OutputOptions> outputOptions,
    ILogger<GeneratorWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Generation is CPU-bound; leave the host's start-up thread at once.
        await Task.Yield();
        var options = generatorOptions.Value;
        var runId = options.ResolveRunId();
        try
        {
            var directory = outputOptions.Value.Directory;
            LogStarting(logger, runId, options.Records, options.Seed, Path.GetFullPath(directory));
            var summary = await datasetWriter.WriteAsync(directory, progress,
                (batch, cancellationToken) => bus.PublishAsync(new TelemetryBatch(batch.Sequence, batch.Records) { RunId = runId }, cancellationToken),
                stoppingToken).ConfigureAwait(false);
            await bus.PublishAsync(new GenerationCompleted(summary.Batches, summary.Records) { RunId = runId }, stoppingToken).ConfigureAwait(false);
            LogCompleted(logger, runId, summary.Records, summary.Batches, summary.Incidents);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogCancelled(logger, runId);
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, runId);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generating run {RunId}: {Records} records, seed {Seed}, into {Directory}")]
    private static partial void LogStarting(ILogger logger, string runId, long records, int seed, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} generated: {Records} records in {Batches} batches, {Incidents} injected incidents")]
    private static partial void LogCompleted(ILogger logger, string runId, long records, int batches, int incidents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation of run {RunId} was cancelled")]
    private static partial void LogCancelled(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation of run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string runId);
}
