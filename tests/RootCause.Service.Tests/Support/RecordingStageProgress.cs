using System.Collections.Concurrent;
using AnomalyPlatform.ServiceDefaults.Progress;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>Records every progress call, to check the stage is started and completed.</summary>
internal sealed class RecordingStageProgress : IStageProgress
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public void Start(string stage, long? total) => Calls.Enqueue($"start {stage} {total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}");

    public void Advance(string stage, long amount) => Calls.Enqueue($"advance {stage} {amount}");

    public void Complete(string stage) => Calls.Enqueue($"complete {stage}");
}
