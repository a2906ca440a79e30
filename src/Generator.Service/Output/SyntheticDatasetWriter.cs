using System.Threading.Channels;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;

namespace AnomalyPlatform.Generator;

/// <summary>What a written data set holds.</summary>
public sealed record DatasetSummary(long Records, int Batches, int Incidents);

/// <summary>
/// Writes one generated run as a data set: <see cref="OutputFiles.SyntheticData"/> and <see cref="OutputFiles.SyntheticLabels"/>
/// batch by batch (memory stays bounded whatever the size), then <see cref="OutputFiles.Incidents"/>. The generator worker
/// and the <c>generate</c> command share it; the worker also hands each batch to the bus. The CSV files are written on a
/// second thread a few batches behind the generator: formatting them took as long as generating the records, and the
/// two now overlap.
/// </summary>
public sealed class SyntheticDatasetWriter(TelemetryGenerator generator)
{
    /// <summary>Batches the CSV writer may fall behind the generator before the generator waits.</summary>
    private const int WriteAhead = 16;

    /// <summary>
    /// Generates the run into <paramref name="directory"/> (created when missing), reporting the <c>generate</c> stage to
    /// <paramref name="progress"/>. <paramref name="onBatch"/>, when given, receives each batch as soon as it is generated,
    /// while it is being written.
    /// </summary>
    public async Task<DatasetSummary> WriteAsync(
        string directory, IStageProgress progress, Func<GeneratedBatch, CancellationToken, Task>? onBatch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(progress);
        Directory.CreateDirectory(directory);
        progress.Start(PipelineStages.Generate, generator.Records);
        // At the start, not with the summary: the run may take minutes, and a user told at once can stop it and ask for more.
        if (generator.CoverageWarning is { } warning)
        {
            progress.Warn(PipelineStages.Generate, warning);
        }

        var batches = 0;
        long records = 0;
        var pending = Channel.CreateBounded<GeneratedBatch>(
            new BoundedChannelOptions(WriteAhead) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        // Created here, so that a folder that cannot take them fails the run before anything is generated.
        var dataStream = File.Create(Path.Combine(directory, OutputFiles.SyntheticData));
        Stream labelsStream;
        try
        {
            labelsStream = File.Create(Path.Combine(directory, OutputFiles.SyntheticLabels));
        }
        catch
        {
            await dataStream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var writing = Task.Run(() => WriteCsvAsync(dataStream, labelsStream, pending, cancellationToken), CancellationToken.None);
        try
        {
            foreach (var batch in generator.GenerateBatches(cancellationToken))
            {
                await pending.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                if (onBatch is not null)
                {
                    await onBatch(batch, cancellationToken).ConfigureAwait(false);
                }

                batches++;
                records += batch.Records.Count;
                progress.Advance(PipelineStages.Generate, batch.Records.Count);
            }

            pending.Writer.Complete();
        }
        catch (ChannelClosedException)
        {
            // The writer closed the channel because it failed: its error is the run's.
            await writing.ConfigureAwait(false);
            throw;
        }
        catch
        {
            pending.Writer.TryComplete();
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await writing.ConfigureAwait(false);
        var incidents = generator.Incidents;
        await using (var incidentsStream = File.Create(Path.Combine(directory, OutputFiles.Incidents)))
        {
            await IncidentsJsonFile.WriteAsync(incidentsStream, incidents, cancellationToken).ConfigureAwait(false);
        }

        progress.Complete(PipelineStages.Generate);
        return new DatasetSummary(records, batches, incidents.Count);
    }

    private static async Task WriteCsvAsync(Stream dataStream, Stream labelsStream, Channel<GeneratedBatch> pending, CancellationToken cancellationToken)
    {
        await using (dataStream.ConfigureAwait(false))
        await using (labelsStream.ConfigureAwait(false))
        {
            try
            {
                using var dataWriter = new SyntheticDataCsvWriter(dataStream, leaveOpen: true);
                using var labelsWriter = new LabelsCsvWriter(labelsStream, leaveOpen: true);
                await foreach (var batch in pending.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    dataWriter.Write(batch.Records);
                    labelsWriter.Write(batch.Labels);
                }

                dataWriter.Flush();
                labelsWriter.Flush();
            }
            catch (Exception ex)
            {
                // Stops the generator at its next batch instead of leaving it waiting on a full channel.
                pending.Writer.TryComplete(ex);
                throw;
            }
        }
    }
}
