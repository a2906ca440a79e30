using AnomalyPlatform.ServiceDefaults.Progress;

namespace AnomalyPlatform.Detector.Tests.Messaging;

/// <summary>Records progress calls so tests can check the detect stage is started, advanced and completed.</summary>
internal sealed class RecordingProgress : IStageProgress
{
    private long _advanced;

    public List<string> Calls { get; } = [];

    public long Advanced => Interlocked.Read(ref _advanced);

    public void Start(string stage, long? total)
    {
        lock (Calls)
        {
            Calls.Add($"start {stage}");
        }
    }

    public void Advance(string stage, long amount) => Interlocked.Add(ref _advanced, amount);

    public void Complete(string stage)
    {
        lock (Calls)
        {
            Calls.Add($"complete {stage}");
        }
    }
}
