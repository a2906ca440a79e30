using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Generates the configured run once when the host starts: appends each batch to <c>synthetic_data.csv</c> and
/// <c>synthetic_labels.csv</c>, publishes it as a <see cref="TelemetryBatch"/> (awaiting the bus's back-pressure),
/// then writes <c>incidents.json</c> and publishes <see cref="GenerationCompleted"/>. A failure is logged and rethrown.
/// </summary>
public sealed partial class GeneratorWorker(
    TelemetryGenerator generator,
    IMessageBus bus,
    IStageProgress progress,
    IOptions<GeneratorOptions> generatorOptions,
    IOptions<OutputOptions> outputOptions,
    ILogger<GeneratorWorker> logger) : BackgroundService
{
    public const string DataFileName = "synthetic_data.csv";
    public const string LabelsFileName = "synthetic_labels.csv";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Generation is CPU-bound; leave the host's start-up thread at once.
        await Task.Yield();
        var options = generatorOptions.Value;
        var runId = options.ResolveRunId();
        try
        {
            var directory = outputOptions.Value.Directory;
            Directory.CreateDirectory(directory);
            LogStarting(logger, runId, options.Records, options.Seed, Path.GetFullPath(directory));
            progress.Start(PipelineStages.Generate, options.Records);

            var batchCount = 0;
            long recordCount = 0;
            await using (var dataStream = File.Create(Path.Combine(directory, DataFileName)))
            await using (var labelsStream = File.Create(Path.Combine(directory, LabelsFileName)))
            {
                using var dataWriter = new SyntheticDataCsvWriter(dataStream, leaveOpen: true);
                using var labelsWriter = new LabelsCsvWriter(labelsStream, leaveOpen: true);
                foreach (var batch in generator.GenerateBatches(stoppingToken))
                {
                    dataWriter.Write(batch.Records);
                    labelsWriter.Write(batch.Labels);
                    await bus.PublishAsync(new TelemetryBatch(batch.Sequence, batch.Records) { RunId = runId }, stoppingToken)
                        .ConfigureAwait(false);
                    batchCount++;
                    recordCount += batch.Records.Count;
                    progress.Advance(PipelineStages.Generate, batch.Records.Count);
                }

                dataWriter.Flush();
                labelsWriter.Flush();
            }

            var incidents = generator.Incidents;
            await using (var incidentsStream = File.Create(Path.Combine(directory, IncidentsJsonFile.FileName)))
            {
                await IncidentsJsonFile.WriteAsync(incidentsStream, incidents, stoppingToken).ConfigureAwait(false);
            }

            await bus.PublishAsync(new GenerationCompleted(batchCount, recordCount) { RunId = runId }, stoppingToken).ConfigureAwait(false);
            progress.Complete(PipelineStages.Generate);
            LogCompleted(logger, runId, recordCount, batchCount, incidents.Count);
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
