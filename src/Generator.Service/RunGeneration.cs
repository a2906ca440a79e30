using System.Diagnostics;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Generator.Segments;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Generates one run: announces it (<see cref="RunStarted"/>), writes its data set into the run's folder
/// (<see cref="SyntheticDatasetWriter"/>), publishes its records as <see cref="TelemetrySegment"/>s as soon as each is
/// complete (awaiting the bus's back-pressure), and reports the end (<see cref="RunGenerated"/>, with the error when it
/// failed). Shared by the command-line run (one run at start) and the service (runs started over HTTP).
/// </summary>
public sealed partial class RunGeneration(
    ServiceTopology topology,
    IMessageBus bus,
    IStageProgress progress,
    IOptions<OutputOptions> outputOptions,
    ILogger<RunGeneration> logger)
{
    /// <summary>The run's announcement; publish it with <see cref="GenerateAsync"/> (the service publishes it when it accepts the run).</summary>
    public static RunStarted Announcement(GeneratorOptions options, DateTime startedAt)
    {
        ArgumentNullException.ThrowIfNull(options);
        var segments = SegmentAssembler.CountSegments(options.Records, options.SegmentRecords);
        return new RunStarted(options.Records, options.Seed, options.ErrorRate, options.AnomalyRate, options.SegmentRecords, segments, startedAt)
        {
            RunId = options.ResolveRunId(),
        };
    }

    /// <summary>Generates and publishes the run <paramref name="options"/> describe. A failure is reported, logged and rethrown.</summary>
    public async Task GenerateAsync(GeneratorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runId = options.ResolveRunId();
        // Every line of the run's generation carries its id, the stage progress's and the bus's included, as a handler's do.
        using var scope = RunLogScope.Begin(logger, runId);
        var directory = RunFolders.DirectoryOf(outputOptions.Value, runId);
        var stopwatch = Stopwatch.StartNew();
        // This run's peak memory, not the process's: the service generates run after run.
        using var sampler = StageSampler.Start();
        try
        {
            LogStarting(logger, runId, options.Records, options.Seed, Path.GetFullPath(directory));
            var segments = new SegmentAssembler(runId, options.Records, options.SegmentRecords, options.SegmentContextRecords);
            var writer = new SyntheticDatasetWriter(new TelemetryGenerator(options, topology));
            // A segment's span covers the generation of its records, not only their publishing: it starts where the
            // previous segment's ended.
            var segmentStartedAt = DateTimeOffset.UtcNow;
            // Time spent waiting for a detector to take a segment is the detector's, not generation's.
            var waited = TimeSpan.Zero;
            var summary = await writer.WriteAsync(directory, progress,
                async (batch, token) =>
                {
                    PipelineTelemetry.RecordsGenerated(batch.Records.Count, runId);
                    foreach (var segment in segments.Add(batch.Records))
                    {
                        using (var activity = PipelineTelemetry.StartGenerateSegment(runId, segment.Index, segmentStartedAt))
                        {
                            activity?.SetTag("anomaly.records", segment.OwnRecords);
                            var publishing = Stopwatch.GetTimestamp();
                            await bus.PublishAsync(segment, token).ConfigureAwait(false);
                            waited += Stopwatch.GetElapsedTime(publishing);
                        }

                        segmentStartedAt = DateTimeOffset.UtcNow;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            segments.EnsureComplete();
            var busy = stopwatch.Elapsed - waited;
            progress.Worked(PipelineStages.Generate, busy);
            var measured = sampler.Stop();
            await bus.PublishAsync(
                new RunGenerated(summary.Records, summary.Incidents, Seconds(stopwatch.Elapsed), measured.PeakWorkingSetMb, Error: null)
                {
                    RunId = runId,
                    PeakManagedHeapMb = measured.PeakManagedHeapMb,
                    BusySeconds = Seconds(busy),
                },
                cancellationToken).ConfigureAwait(false);
            LogCompleted(logger, runId, summary.Records, segments.SegmentCount, summary.Incidents);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(logger, runId);
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, runId);
            await ReportFailureAsync(runId, ex, stopwatch, sampler.Stop()).ConfigureAwait(false);
            throw;
        }
    }

    private async Task ReportFailureAsync(string runId, Exception failure, Stopwatch stopwatch, StageFigures measured)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await bus.PublishAsync(
                new RunGenerated(0, 0, Seconds(stopwatch.Elapsed), measured.PeakWorkingSetMb, failure.Message)
                {
                    RunId = runId,
                    PeakManagedHeapMb = measured.PeakManagedHeapMb,
                },
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The bus itself may be what failed; the run's failure is logged above either way.
            LogReportFailed(logger, ex, runId);
        }
    }

    private static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generating run {RunId}: {Records} records, seed {Seed}, into {Directory}")]
    private static partial void LogStarting(ILogger logger, string runId, long records, int seed, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} generated: {Records} records in {Segments} detection segments, {Incidents} injected incidents")]
    private static partial void LogCompleted(ILogger logger, string runId, long records, int segments, int incidents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation of run {RunId} was cancelled")]
    private static partial void LogCancelled(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation of run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report the failure of run {RunId}")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string runId);
}
