using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>One model's flag on one record, as collected for the evaluation.</summary>
/// <param name="Score">The model's normalised score (the ensemble's confidence for the ensemble).</param>
/// <param name="DetectedType">The detection's type, used to attribute false positives to a type.</param>
public readonly record struct CollectedFlag(double Score, string DetectedType);

/// <summary>
/// Collects the detector's output for the evaluation: per model (the ensemble included) the records it flagged, and
/// every record's quantised scores (<see cref="ScoreBatch"/>) for the ranking metrics. A singleton handler of
/// <see cref="DetectionBatch"/>, <see cref="ScoreBatch"/> and <see cref="DetectionCompleted"/>, idempotent by message id
/// and by (segment, sequence). It serves one run: the first run id it sees; messages of other runs are ignored. The
/// score batches (2 bytes per record and model, <see cref="ScoreSpill"/>) and the models' flags (<see cref="FlagSpill"/>)
/// go to temporary files as they arrive, so that memory does not grow with the run; dispose the collector to delete them.
/// </summary>
public sealed class DetectionCollector : IMessageHandler<DetectionBatch>, IMessageHandler<DetectionCompleted>, IMessageHandler<ScoreBatch>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seenMessages = new(StringComparer.Ordinal);
    private readonly HashSet<(int Segment, int Sequence)> _batches = [];
    private readonly ScoreSpill _scoreBatches = new();
    private readonly FlagSpill _flagged = new();
    private readonly Dictionary<int, DetectionCompleted> _completedSegments = [];
    private readonly TaskCompletionSource<IReadOnlyList<string>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _runId;

    /// <summary>
    /// Completes, with the names of the models that ran, when every segment's <see cref="DetectionCompleted"/> has
    /// arrived and every detection batch and score batch they announce (<see cref="DetectionCompleted.BatchCount"/>,
    /// <see cref="DetectionCompleted.ScoreBatchCount"/>) is in.
    /// </summary>
    public Task<IReadOnlyList<string>> Completion => _completion.Task;

    /// <summary>The records <paramref name="model"/> flagged (by its own decision; the ensemble's is <c>Detection.IsAnomaly</c>).</summary>
    public IReadOnlyDictionary<long, CollectedFlag> FlaggedBy(string model)
    {
        lock (_gate)
        {
            return _flagged.Of(model);
        }
    }

    /// <summary>
    /// The distinct score batches received so far, in segment then sequence order, read back from the spill file one at a
    /// time; each enumeration reads them again. With <paramref name="model"/>, each batch carries only that model's
    /// column (or none).
    /// </summary>
    public IEnumerable<ScoreBatch> ScoreBatches(string? model = null)
    {
        lock (_gate)
        {
            return _scoreBatches.Read(_scoreBatches.Snapshot(), _runId ?? "", model);
        }
    }

    /// <summary>Deletes the spilled score batches and flags.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _scoreBatches.Dispose();
            _flagged.Dispose();
        }
    }

    public Task HandleAsync(MessageContext<ScoreBatch> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = context.Message;
        lock (_gate)
        {
            if (Accept(batch.RunId, context.MessageId) && _scoreBatches.TryAdd(batch))
            {
                CompleteIfAllIn();
            }
        }

        return Task.CompletedTask;
    }

    public Task HandleAsync(MessageContext<DetectionBatch> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = context.Message;
        lock (_gate)
        {
            if (!Accept(batch.RunId, context.MessageId) || !_batches.Add((batch.Segment, batch.Sequence)))
            {
                return Task.CompletedTask;
            }

            foreach (var detection in batch.Detections)
            {
                if (detection.IsAnomaly)
                {
                    _flagged.Add(ModelNames.Ensemble, detection.RecordId, new CollectedFlag(detection.Confidence, detection.DetectedType));
                }

                foreach (var score in detection.Scores)
                {
                    if (score.IsAnomaly && score.Model != ModelNames.Ensemble)
                    {
                        _flagged.Add(score.Model, detection.RecordId, new CollectedFlag(score.Score, detection.DetectedType));
                    }
                }
            }

            CompleteIfAllIn();
        }

        return Task.CompletedTask;
    }

    public Task HandleAsync(MessageContext<DetectionCompleted> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        lock (_gate)
        {
            if (!Accept(context.Message.RunId, context.MessageId))
            {
                return Task.CompletedTask;
            }

            // Only the counts and model names are read here; a long run's behaviour lists are not kept twice.
            _completedSegments.TryAdd(context.Message.Segment, RetainedCompletion.Of(context.Message));
            CompleteIfAllIn();
        }

        return Task.CompletedTask;
    }

    private bool Accept(string runId, string messageId)
    {
        _runId ??= runId;
        return string.Equals(_runId, runId, StringComparison.Ordinal) && _seenMessages.Add(messageId);
    }

    private void CompleteIfAllIn()
    {
        if (_completedSegments.Count == 0)
        {
            return;
        }

        int segments = 0, batches = 0, scoreBatches = 0;
        DetectionCompleted? any = null;
        foreach (var completed in _completedSegments.Values)
        {
            segments = completed.SegmentCount;
            batches += completed.BatchCount;
            scoreBatches += completed.ScoreBatchCount;
            any = completed;
        }

        if (_completedSegments.Count >= segments && _batches.Count >= batches && _scoreBatches.Count >= scoreBatches)
        {
            _completion.TrySetResult(any!.Models);
        }
    }
}
