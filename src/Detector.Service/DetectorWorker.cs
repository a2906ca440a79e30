using System.Diagnostics;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector;

/// <summary>
/// The detection stage's state per run: featurises telemetry batches as they arrive, counts distinct batch
/// sequences, and when every batch announced by <see cref="GenerationCompleted"/> is in (whichever message comes
/// last), runs the models and publishes the detections. Both message handlers call it; it is thread-safe.
/// </summary>
public sealed partial class DetectorWorker(
    IMessageBus bus,
    IStageProgress progress,
    IOptions<DetectorOptions> options,
    ILogger<DetectorWorker> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finishedRuns = new(StringComparer.Ordinal);

    public async Task AcceptBatchAsync(TelemetryBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        RunState? ready;
        lock (_gate)
        {
            if (_finishedRuns.Contains(batch.RunId))
            {
                LogLateMessage(logger, batch.MessageId);
                return;
            }

            var run = StateOf(batch.RunId);
            if (run.Claimed)
            {
                // Every announced batch is in and detection is running on the columns: nothing may be appended now.
                LogLateMessage(logger, batch.MessageId);
                return;
            }

            if (!run.Sequences.Add(batch.Sequence))
            {
                LogDuplicateBatch(logger, batch.MessageId);
                return;
            }

            try
            {
                run.Columns.Append(batch.Records);
            }
            catch
            {
                // The columns were rolled back; forgetting the sequence lets the redelivery count it.
                run.Sequences.Remove(batch.Sequence);
                throw;
            }

            progress.Advance(PipelineStages.Detect, batch.Records.Count);
            ready = ClaimIfComplete(run);
        }

        if (ready is not null)
        {
            await DetectAndPublishAsync(ready, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AcceptCompletionAsync(GenerationCompleted completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completed);
        RunState? ready;
        lock (_gate)
        {
            if (_finishedRuns.Contains(completed.RunId))
            {
                LogLateMessage(logger, completed.MessageId);
                return;
            }

            var run = StateOf(completed.RunId);
            run.ExpectedBatches = completed.BatchCount;
            ready = ClaimIfComplete(run);
        }

        if (ready is not null)
        {
            await DetectAndPublishAsync(ready, cancellationToken).ConfigureAwait(false);
        }
    }

    private RunState StateOf(string runId)
    {
        if (!_runs.TryGetValue(runId, out var run))
        {
            run = new RunState(runId);
            _runs.Add(runId, run);
            // The record total is only known from GenerationCompleted, which comes after the batches.
            progress.Start(PipelineStages.Detect, total: null);
        }

        return run;
    }

    private static RunState? ClaimIfComplete(RunState run)
    {
        if (run.Claimed || run.ExpectedBatches is not { } expected || run.Sequences.Count < expected)
        {
            return null;
        }

        run.Claimed = true;
        return run;
    }

    private async Task DetectAndPublishAsync(RunState run, CancellationToken cancellationToken)
    {
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var result = new DetectionRun(options.Value).Execute(run.Columns, cancellationToken);
            LogDetected(logger, run.RunId, result.RecordsScored, result.Detections.Count, stopwatch.ElapsedMilliseconds);
            await PublishAsync(run.RunId, result, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Let a redelivery of the last message try again.
            lock (_gate)
            {
                run.Claimed = false;
            }

            throw;
        }

        lock (_gate)
        {
            _runs.Remove(run.RunId);
            _finishedRuns.Add(run.RunId);
        }

        progress.Complete(PipelineStages.Detect);
    }

    private async Task PublishAsync(string runId, DetectionResult result, CancellationToken cancellationToken)
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

            await bus.PublishAsync(new DetectionBatch(batches++, slice) { RunId = runId }, cancellationToken).ConfigureAwait(false);
        }

        var scoreBatches = result.Scores is { } scores ? await PublishScoresAsync(runId, scores, batchSize, cancellationToken).ConfigureAwait(false) : 0;
        await bus.PublishAsync(
            new DetectionCompleted(batches, result.RecordsScored, result.Models, result.Edges, result.ChangeEvents)
            {
                RunId = runId,
                ScoreBatchCount = scoreBatches,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes every record's scores, <paramref name="batchSize"/> records a message; returns the number of messages.</summary>
    private async Task<int> PublishScoresAsync(string runId, RunScores scores, int batchSize, CancellationToken cancellationToken)
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
                RunId = runId,
                RecordIds = scores.RecordIds?.AsSpan(start, count).ToArray(),
            };
            await bus.PublishAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return batches;
    }

    private sealed class RunState(string runId)
    {
        public string RunId { get; } = runId;

        public TelemetryColumns Columns { get; } = new();

        public HashSet<int> Sequences { get; } = [];

        public int? ExpectedBatches { get; set; }

        public bool Claimed { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring {MessageId}: it was already counted")]
    private static partial void LogDuplicateBatch(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring {MessageId}: its run's detection has already been published")]
    private static partial void LogLateMessage(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: scored {Records} records, {Detections} flagged by at least one model, in {ElapsedMs} ms")]
    private static partial void LogDetected(ILogger logger, string runId, long records, int detections, long elapsedMs);
}
