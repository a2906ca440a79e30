using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Generator.Segments;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Generates the configured run once when the host starts: writes the data set (<see cref="SyntheticDatasetWriter"/>)
/// and publishes the records as <see cref="TelemetrySegment"/>s (<see cref="SegmentAssembler"/>), each as soon as it is
/// complete, awaiting the bus's back-pressure. A failure is logged and rethrown.
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
            var segments = new SegmentAssembler(runId, options.Records, options.SegmentRecords, options.SegmentContextRecords);
            var summary = await datasetWriter.WriteAsync(directory, progress,
                async (batch, cancellationToken) =>
                {
                    foreach (var segment in segments.Add(batch.Records))
                    {
                        await bus.PublishAsync(segment, cancellationToken).ConfigureAwait(false);
                    }
                },
                stoppingToken).ConfigureAwait(false);
            segments.EnsureComplete();
            LogCompleted(logger, runId, summary.Records, segments.SegmentCount, summary.Incidents);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} generated: {Records} records in {Segments} detection segments, {Incidents} injected incidents")]
    private static partial void LogCompleted(ILogger logger, string runId, long records, int segments, int incidents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation of run {RunId} was cancelled")]
    private static partial void LogCancelled(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation of run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string runId);
}
