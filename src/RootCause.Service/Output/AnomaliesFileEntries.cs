using System.Text.Json.Serialization;
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
    IReadOnlyList<CandidateSummary> Candidates);

/// <summary>
/// An incident's candidate as repeated in each of its anomalies: rank, service, fault kind and confidence. The evidence
/// is written once, under the incident, because repeating it in every anomaly made the file ten times larger.
/// </summary>
internal sealed record CandidateSummary(int Rank, string Service, string FaultKind, double Confidence);

/// <summary>One element of <c>incidents</c> in <c>anomalies.json</c> (written by the anomalies writer, read back by the report).</summary>
public sealed record IncidentEntry(
    string IncidentId,
    DateTime Start,
    DateTime End,
    IReadOnlyList<string> Services,
    int AnomalyCount,
    IReadOnlyList<RootCauseCandidate> Candidates,
    string RootCause,
    string RootCauseSource,
    string? RootCauseModel,
    bool Isolated = false,
    bool TrafficChange = false)
{
    /// <summary>Whether to page anybody about it: not stray points only (<see cref="Isolated"/>) nor mostly a change in traffic (<see cref="TrafficChange"/>).</summary>
    public bool Paged => Incidents.IncidentPaging.IsPaged(Isolated, TrafficChange);

    /// <summary>Why it is not paged, in a few words; empty when it is.</summary>
    [JsonIgnore]
    public string NotPagedBecause => Incidents.IncidentPaging.WhyNotPaged(Isolated, TrafficChange);
}
