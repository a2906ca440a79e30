using System.Diagnostics;
using System.Runtime;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Behaviour;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector;

/// <summary>
/// The detection stage: analyses each <see cref="TelemetrySegment"/> alone (fits and scores every model on the segment
/// with its context, reports on its own records) and publishes the segment's detections, scores and completion. It
/// keeps no state between segments but which ones it has finished, so any number of instances can compete for one
/// queue, and a segment redelivered to another instance (after a crash) gives the same messages, with the same ids,
/// which the consumers count once. Thread-safe: one instance may analyse several segments at a time.
/// </summary>
public sealed partial class DetectorWorker(
    IMessageBus bus,
    IStageProgress progress,
    IOptions<DetectorOptions> options,
    ILogger<DetectorWorker> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<int>> _finishedSegments = new(StringComparer.Ordinal);
    private int _segmentsTaken;

    public async Task AnalyseSegmentAsync(TelemetrySegment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        EnsureWellFormed(segment);
        lock (_gate)
        {
            if (_finishedSegments.TryGetValue(segment.RunId, out var finished) && finished.Contains(segment.Index))
            {
                LogDuplicateSegment(logger, segment.MessageId);
                return;
            }

            if (finished is null)
            {
                _finishedSegments.Add(segment.RunId, []);
                progress.Start(PipelineStages.Detect, segment.RunRecords);
            }
        }

        // The span covers the analysis and the publishing of its messages, so that the root-cause stage's spans of this
        // segment's detections hang under it.
        using var activity = PipelineTelemetry.StartDetectSegment(segment.RunId, segment.Index);
        LogAnalysing(logger, segment.RunId, segment.Index, segment.SegmentCount, segment.OwnRecords, segment.Records.Count);
        var startedAt = DateTime.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        // This segment's peak memory, not the process's: a replica analyses segment after segment, run after run.
        using var sampler = StageSampler.Start();
        if (options.Value.CompactBetweenSegments && Interlocked.Increment(ref _segmentsTaken) > 1)
        {
            // The previous segment (its records and every array of its analysis) is garbage now, and no longer reachable
            // from the handler that took it; collect it before this one allocates as much again.
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        // The log and metric summaries read only the records: built on another core while the models run.
        var summaries = Task.Run(
            () => (Logs: BehaviourSummariser.Summarise(segment.Records, segment.LeadingContext, segment.OwnRecords),
                Metrics: MetricPeakSummariser.Summarise(segment.Records, segment.LeadingContext, segment.OwnRecords)),
            cancellationToken);
        var columns = new TelemetryColumns();
        columns.Append(segment.Records);
        var result = new DetectionRun(options.Value).Execute(columns, segment.LeadingContext, segment.OwnRecords, cancellationToken);
        PipelineTelemetry.SegmentDetected(stopwatch.Elapsed);
        CountAnomalies(segment.RunId, result.Detections);
        activity?.SetTag("anomaly.records", result.RecordsScored);
        activity?.SetTag("anomaly.detections", result.Detections.Count);
        LogDetected(logger, segment.RunId, segment.Index, segment.SegmentCount, result.RecordsScored, segment.Records.Count,
            result.Detections.Count, stopwatch.ElapsedMilliseconds, StageTiming.Describe(result.Timings));
        var (logs, metrics) = await summaries.ConfigureAwait(false);
        await PublishAsync(segment, result with { Behaviour = logs, MetricPeaks = metrics }, startedAt, stopwatch.Elapsed, sampler, cancellationToken)
            .ConfigureAwait(false);

        bool runDone;
        lock (_gate)
        {
            var finished = _finishedSegments[segment.RunId];
            runDone = finished.Add(segment.Index) && finished.Count == segment.SegmentCount;
        }

        progress.Worked(PipelineStages.Detect, stopwatch.Elapsed);
        progress.Advance(PipelineStages.Detect, result.RecordsScored);
        if (runDone)
        {
            // Only an instance that analysed every segment knows the stage is over; with several, none does.
            progress.Complete(PipelineStages.Detect);
        }
    }

    /// <summary>Counts the ensemble's anomalies (not every record some model flagged) per detected type.</summary>
    private static void CountAnomalies(string runId, IReadOnlyList<Detection> detections)
    {
        var perType = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var detection in detections)
        {
            if (detection.IsAnomaly)
            {
                perType[detection.DetectedType] = perType.GetValueOrDefault(detection.DetectedType) + 1;
            }
        }

        foreach (var (type, count) in perType)
        {
            PipelineTelemetry.AnomaliesDetected(type, count, runId);
        }
    }

    /// <summary>A segment whose counts contradict each other can never be analysed: fail it, so that it dead-letters.</summary>
    private static void EnsureWellFormed(TelemetrySegment segment)
    {
        if (segment.LeadingContext < 0 || segment.TrailingContext < 0 || segment.OwnRecords < 0
            || segment.Index < 0 || segment.Index >= segment.SegmentCount)
        {
            throw new InvalidDataException(
                $"{segment.MessageId}: segment {segment.Index} of {segment.SegmentCount} with {segment.Records.Count} records cannot have " +
                $"{segment.LeadingContext} leading and {segment.TrailingContext} trailing context records.");
        }
    }

    private async Task PublishAsync(
        TelemetrySegment segment, DetectionResult result, DateTime startedAt, TimeSpan elapsed, StageSampler sampler, CancellationToken cancellationToken)
    {
        var batchSize = options.Value.DetectionBatchSize;
        var batches = 0;
        for (var start = 0; start < result.Detections.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, result.Detections.Count - start);
            var slice = new Detection[count];
            for (var i = 0; i < count; i++)
            {
                slice[i] = result.Detections[start + i];
            }

            await bus.PublishAsync(new DetectionBatch(batches++, slice) { RunId = segment.RunId, Segment = segment.Index }, cancellationToken)
                .ConfigureAwait(false);
        }

        var scoreBatches = result.Scores is { } scores
            ? await PublishScoresAsync(segment, scores, batchSize, cancellationToken).ConfigureAwait(false)
            : 0;
        var measured = sampler.Stop();
        await bus.PublishAsync(
            new DetectionCompleted(batches, result.RecordsScored, result.Models, result.Edges, result.ChangeEvents)
            {
                RunId = segment.RunId,
                ScoreBatchCount = scoreBatches,
                Behaviour = result.Behaviour,
                MetricPeaks = result.MetricPeaks,
                CallPatterns = result.CallPatterns,
                CallPatternOutlines = result.CallPatternOutlines,
                CallTransits = result.CallTransits,
                LogHandovers = result.LogHandovers,
                OperationEdges = result.OperationEdges,
                Instances = result.Instances,
                Segment = segment.Index,
                SegmentCount = segment.SegmentCount,
                WallSeconds = Math.Round(elapsed.TotalSeconds, 3),
                StartedAt = startedAt,
                PeakWorkingSetMb = measured.PeakWorkingSetMb,
                PeakManagedHeapMb = measured.PeakManagedHeapMb,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes every reported record's scores, <paramref name="batchSize"/> records a message; returns the number of messages.</summary>
    private async Task<int> PublishScoresAsync(TelemetrySegment segment, RunScores scores, int batchSize, CancellationToken cancellationToken)
    {
        var batches = 0;
        for (var start = 0; start < scores.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, scores.Count - start);
            var columns = new QuantisedScores[scores.Models.Count];
            for (var m = 0; m < columns.Length; m++)
            {
                columns[m] = new QuantisedScores(scores.Models[m], scores.Columns[m].AsSpan(start, count).ToArray());
            }

            var batch = new ScoreBatch(batches++, scores.RecordIds?[start] ?? scores.FirstRecordId + start, count, columns)
            {
                RunId = segment.RunId,
                Segment = segment.Index,
                RecordIds = scores.RecordIds?.AsSpan(start, count).ToArray(),
            };
            await bus.PublishAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return batches;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring {MessageId}: this instance has already analysed it")]
    private static partial void LogDuplicateSegment(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} segment {Segment}/{SegmentCount}: analysing {Records} records ({WithContext} with context)")]
    private static partial void LogAnalysing(ILogger logger, string runId, int segment, int segmentCount, int records, int withContext);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} segment {Segment}/{SegmentCount}: scored {Records} records ({WithContext} with context), {Detections} flagged by at least one model, in {ElapsedMs} ms ({Steps})")]
    private static partial void LogDetected(ILogger logger, string runId, int segment, int segmentCount, long records, int withContext, int detections, long elapsedMs, string steps);
}
