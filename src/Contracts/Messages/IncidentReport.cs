namespace AnomalyPlatform.Contracts.Messages;

/// <summary>One ranked root-cause candidate of an incident.</summary>
/// <param name="Rank">1 = most likely.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Evidence">Why this candidate: onset order, graph position, change events, anomaly counts.</param>
/// <param name="Instance">The instance (pod, task, host) the fault is at, when one holds most of the candidate's anomalies; null when none does.</param>
public sealed record RootCauseCandidate(int Rank, string Service, string FaultKind, double Confidence, IReadOnlyList<string> Evidence, string? Instance = null);

/// <summary>A detected incident: anomalies grouped by time and dependency, with ranked candidates and an explanation.</summary>
/// <param name="ExplanationSource">Where <paramref name="RootCauseText"/> came from: <c>llm</c>, <c>mock</c> or <c>fallback</c>.</param>
/// <param name="ExplanationModel">The LLM model that wrote the text, when it came from an LLM.</param>
public sealed record IncidentReport(
    string IncidentId,
    DateTime Start,
    DateTime End,
    IReadOnlyList<string> Services,
    IReadOnlyList<long> AnomalyRecordIds,
    IReadOnlyList<RootCauseCandidate> Candidates,
    string RootCauseText,
    string ExplanationSource,
    string? ExplanationModel)
{
    /// <summary>
    /// Every anomaly of the incident is isolated (no sustained episode: stray points grouped among themselves): it is
    /// listed, ranked and explained, but not one to page anybody about.
    /// </summary>
    public bool Isolated { get; init; }

    /// <summary>
    /// Most of the incident's anomalies are changes in traffic (requests taken, bytes on the network), not symptoms: it
    /// is listed, ranked and explained, but not one to page anybody about.
    /// </summary>
    public bool TrafficChange { get; init; }
}
