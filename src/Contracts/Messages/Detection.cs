using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Contracts.Messages;

/// <summary>One model's opinion of one record.</summary>
/// <param name="Model">One of <see cref="ModelNames"/>.</param>
/// <param name="Score">Normalised anomaly score in 0..1, higher = more anomalous.</param>
/// <param name="IsAnomaly">The model's own decision at its threshold.</param>
public sealed record ModelScore(string Model, double Score, bool IsAnomaly);

/// <summary>
/// A record that at least one model flagged. <see cref="IsAnomaly"/> is the ensemble's decision; records only a
/// single model flagged are still sent so that every model can be evaluated on its own.
/// </summary>
/// <param name="Confidence">The ensemble's score in 0..1.</param>
/// <param name="DetectedType">The anomaly type the detector believes this is (one of <see cref="AnomalyTypes"/>).</param>
/// <param name="Reasons">Human-readable reasons: which models and which features fired.</param>
public sealed record Detection(
    long RecordId,
    DateTime Timestamp,
    TelemetryKind Kind,
    string Service,
    string Instance,
    string Name,
    bool IsAnomaly,
    double Confidence,
    string DetectedType,
    IReadOnlyList<ModelScore> Scores,
    IReadOnlyList<string> Reasons)
{
    /// <summary>
    /// For a span whose parent span is missing (an orphan): the callers of its service that the spans of its trace
    /// called less than requests of its kind usually do, one of which lost the parent, when that leaves some callers out
    /// (the span that called the lost one is short of that call); null otherwise, and for every other record. Ordinal order.
    /// </summary>
    public IReadOnlyList<string>? LostParentCallers { get; init; }

    /// <summary>
    /// For an orphan span: the instances of its service's callers that wrote a log line in its request (the same trace
    /// id), among which is the replica that lost the parent span, its log lines flowing while its spans did not; null
    /// when none did, and for every other record. Ordinal order.
    /// </summary>
    public IReadOnlyList<string>? LostParentInstances { get; init; }
}
