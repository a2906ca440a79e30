namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// Sent once by the detector after its last detection batch. Carries what the root-cause stage needs besides the
/// detections: the dependency graph learned from spans and the change events seen.
/// </summary>
/// <param name="Models">The models that ran, in <see cref="ModelNames"/> spelling (ensemble included).</param>
public sealed record DetectionCompleted(
    int BatchCount,
    long RecordsScored,
    IReadOnlyList<string> Models,
    IReadOnlyList<ServiceEdge> Edges,
    IReadOnlyList<ChangeEvent> ChangeEvents) : IntegrationMessage
{
    /// <summary>
    /// How many <see cref="ScoreBatch"/> messages the detector sent before this one (0 from a detector that sends none).
    /// An init property rather than a parameter, so that existing constructions keep compiling.
    /// </summary>
    public int ScoreBatchCount { get; init; }

    public override string MessageId => $"{RunId}/detection-completed";
}
