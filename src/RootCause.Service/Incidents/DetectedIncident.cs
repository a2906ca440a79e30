using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>Anomalies grouped into one incident, before ranking.</summary>
/// <param name="Id">Such as <c>DET-0001</c>, numbered in order of start time.</param>
/// <param name="Services">Services with anomalies, ordered by first anomaly, then name.</param>
/// <param name="Anomalies">The incident's anomalies in record-id order.</param>
public sealed record DetectedIncident(
    string Id,
    DateTime Start,
    DateTime End,
    IReadOnlyList<string> Services,
    IReadOnlyList<Detection> Anomalies);
