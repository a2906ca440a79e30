using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.Detector.Tests.Messaging;

/// <summary>Receives the detector's output on the real bus and signals when the completion and all its batches are in.</summary>
internal sealed class CapturingDetectionHandler : IMessageHandler<DetectionBatch>, IMessageHandler<DetectionCompleted>
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<DetectionBatch> _batches = [];
    private DetectionCompleted? _completed;

    public Task Done => _done.Task;

    public IReadOnlyList<DetectionBatch> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches.OrderBy(b => b.Sequence)];
            }
        }
    }

    public DetectionCompleted Completed => _completed ?? throw new InvalidOperationException("No DetectionCompleted yet.");

    public int CompletedCount { get; private set; }

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
            _completed = context.Message;
            CompletedCount++;
            Check();
        }

        return Task.CompletedTask;
    }

    private void Check()
    {
        if (_completed is not null && _batches.Count >= _completed.BatchCount)
        {
            _done.TrySetResult();
        }
    }
}
