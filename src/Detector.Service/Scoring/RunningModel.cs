using System.Diagnostics;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>One model of a detection run, running on a thread of its own, and the wall time it took.</summary>
internal sealed class RunningModel
{
    private readonly Stopwatch _stopwatch = new();

    public RunningModel(IRecordModel model, DetectionInput input, CancellationToken cancellationToken)
    {
        Output = Task.Factory.StartNew(
            () =>
            {
                _stopwatch.Start();
                try
                {
                    return model.Run(input, cancellationToken);
                }
                finally
                {
                    _stopwatch.Stop();
                }
            },
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public Task<ModelOutput> Output { get; }

    /// <summary>The model's own wall time (the models overlap, so these do not add up to the stage's).</summary>
    public TimeSpan Elapsed => _stopwatch.Elapsed;
}
