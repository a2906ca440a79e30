using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.Detector.Tests.Messaging;

/// <summary>
/// Receives the detector's output on the real bus and signals when every segment's completion and all the batches they
/// announce are in.
/// </summary>
internal sealed class CapturingDetectionHandler : IMessageHandler<DetectionBatch>, IMessageHandler<DetectionCompleted>
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<DetectionBatch> _batches = [];
    private readonly List<DetectionCompleted> _completions = [];

    public Task Done => _done.Task;

    /// <summary>The batches received, in segment then sequence order (duplicates included).</summary>
    public IReadOnlyList<DetectionBatch> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches.OrderBy(b => b.Segment).ThenBy(b => b.Sequence)];
            }
        }
    }

    /// <summary>The completions received, in segment order (duplicates included).</summary>
    public IReadOnlyList<DetectionCompleted> Completions
    {
        get
        {
            lock (_gate)
            {
                return [.. _completions.OrderBy(c => c.Segment)];
            }
        }
    }

    public DetectionCompleted Completed => Assert.Single(Completions);

    public int CompletedCount
    {
        get
        {
            lock (_gate)
            {
                return _completions.Count;
            }
        }
    }

    public Task HandleAsync(MessageContext<DetectionBatch> context, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _batches.Add(context.Message);
            Check();
        }

        return Task.CompletedTask;
    }

    public Task HandleAsync(MessageContext<DetectionCompleted> context, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _completions.Add(context.Message);
            Check();
        }

        return Task.CompletedTask;
    }

    private void Check()
    {
        var segments = _completions.DistinctBy(c => c.Segment).ToList();
        if (segments.Count > 0 && segments.Count == segments[0].SegmentCount
            && _batches.DistinctBy(b => b.MessageId).Count() >= segments.Sum(c => c.BatchCount))
        {
            _done.TrySetResult();
        }
    }
}
