using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;

namespace AnomalyPlatform.Generator;

/// <summary>What a written data set holds.</summary>
public sealed record DatasetSummary(long Records, int Batches, int Incidents);

/// <summary>
/// Writes one generated run as a data set: <see cref="OutputFiles.SyntheticData"/> and <see cref="OutputFiles.SyntheticLabels"/>
/// batch by batch (memory stays bounded whatever the size), then <see cref="OutputFiles.Incidents"/>. The generator worker
/// and the <c>generate</c> command share it; the worker also hands each batch to the bus.
/// </summary>
public sealed class SyntheticDatasetWriter(TelemetryGenerator generator)
{
    /// <summary>
    /// Generates the run into <paramref name="directory"/> (created when missing), reporting the <c>generate</c> stage to
    /// <paramref name="progress"/>. <paramref name="onBatch"/>, when given, receives each batch after it is written.
    /// </summary>
    public async Task<DatasetSummary> WriteAsync(
        string directory, IStageProgress progress, Func<GeneratedBatch, CancellationToken, Task>? onBatch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(progress);
        Directory.CreateDirectory(directory);
        progress.Start(PipelineStages.Generate, generator.Records);

        var batches = 0;
        long records = 0;
        await using (var dataStream = File.Create(Path.Combine(directory, OutputFiles.SyntheticData)))
        await using (var labelsStream = File.Create(Path.Combine(directory, OutputFiles.SyntheticLabels)))
        {
            using var dataWriter = new SyntheticDataCsvWriter(dataStream, leaveOpen: true);
            using var labelsWriter = new LabelsCsvWriter(labelsStream, leaveOpen: true);
            foreach (var batch in generator.GenerateBatches(cancellationToken))
            {
                dataWriter.Write(batch.Records);
                labelsWriter.Write(batch.Labels);
                if (onBatch is not null)
                {
                    await onBatch(batch, cancellationToken).ConfigureAwait(false);
                }

                batches++;
                records += batch.Records.Count;
                progress.Advance(PipelineStages.Generate, batch.Records.Count);
            }

            dataWriter.Flush();
            labelsWriter.Flush();
        }

        var incidents = generator.Incidents;
        await using (var incidentsStream = File.Create(Path.Combine(directory, OutputFiles.Incidents)))
        {
            await IncidentsJsonFile.WriteAsync(incidentsStream, incidents, cancellationToken).ConfigureAwait(false);
        }

        progress.Complete(PipelineStages.Generate);
        return new DatasetSummary(records, batches, incidents.Count);
    }
}
