using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Output;

/// <summary>One element of <c>anomalies</c> in <c>anomalies.json</c>.</summary>
internal sealed record AnomalyEntry(
    string AnomalyId,
    long RecordId,
    DateTime Timestamp,
    string Service,
    string Instance,
    TelemetryKind Kind,
    string Name,
    string DetectedType,
    double Confidence,
    SortedDictionary<string, double> Scores,
    IReadOnlyList<string> Reasons,
    string IncidentId,
    string RootCause,
    string RootCauseSource,
    IReadOnlyList<RootCauseCandidate> Candidates);

/// <summary>One element of <c>incidents</c> in <c>anomalies.json</c>.</summary>
internal sealed record IncidentEntry(
    string Id,
    DateTime Start,
    DateTime End,
    IReadOnlyList<string> Services,
    int AnomalyCount,
    IReadOnlyList<RootCauseCandidate> Candidates,
    string RootCause,
    string RootCauseSource,
    string? RootCauseModel);
