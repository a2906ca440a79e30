using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>The outcome of one detection run, ready to publish.</summary>
/// <param name="Detections">Every record at least one model flagged, in record-id order.</param>
/// <param name="Models">The models that ran, ensemble last.</param>
internal sealed record DetectionResult(
    long RecordsScored,
    IReadOnlyList<Detection> Detections,
    IReadOnlyList<string> Models,
    IReadOnlyList<ServiceEdge> Edges,
    IReadOnlyList<ChangeEvent> ChangeEvents);
