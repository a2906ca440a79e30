using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>A name (detected type, metric, operation, template or event name) with how often it occurred.</summary>
public sealed record NamedCount(string Name, int Count);

/// <summary>One service's anomalies in an incident, reduced to metadata.</summary>
/// <param name="Types">Detected anomaly types, most frequent first.</param>
/// <param name="Signals">Metric, operation, log-template or event names that were anomalous, most frequent first (at most a few).</param>
public sealed record ServiceAnomalySummary(
    string Service,
    int AnomalyCount,
    DateTime Onset,
    DateTime LastSeen,
    double MaxConfidence,
    IReadOnlyList<NamedCount> Types,
    IReadOnlyList<NamedCount> Signals);

/// <summary>What an explainer may know about an incident: metadata only, never record contents.</summary>
/// <param name="RunId">The run, so that a per-run call budget can be kept.</param>
/// <param name="Services">The anomalous services, ordered by onset.</param>
/// <param name="Edges">Learned caller → callee edges between the incident's services.</param>
/// <param name="Changes">Change events at the incident's services near the incident, in time order.</param>
public sealed record IncidentSummary(
    string RunId,
    string IncidentId,
    DateTime Start,
    DateTime End,
    IReadOnlyList<ServiceAnomalySummary> Services,
    IReadOnlyList<RootCauseCandidate> Candidates,
    IReadOnlyList<ServiceEdge> Edges,
    IReadOnlyList<ChangeEvent> Changes)
{
    /// <summary>Most of the incident's anomalies are changes in traffic, not symptoms (<see cref="Incidents.TrafficChange"/>): it is not paged.</summary>
    public bool TrafficChange { get; init; }
}
