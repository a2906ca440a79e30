using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>Anomalies grouped into one incident, before ranking.</summary>
/// <param name="Id">Such as <c>DET-0001</c>, numbered in order of start time.</param>
/// <param name="Services">Services with anomalies, ordered by first anomaly, then name.</param>
/// <param name="Anomalies">The incident's anomalies in record-id order.</param>
/// <param name="IsolatedRecordIds">
/// Anomalies with too few neighbours in time and graph to be part of the incident's core (stray point anomalies); they
/// belong to the incident but do not mark its onset. Empty when every anomaly is supported.
/// </param>
public sealed record DetectedIncident(
    string Id,
    DateTime Start,
    DateTime End,
    IReadOnlyList<string> Services,
    IReadOnlyList<Detection> Anomalies,
    IReadOnlySet<long> IsolatedRecordIds)
{
    public DetectedIncident(string id, DateTime start, DateTime end, IReadOnlyList<string> services, IReadOnlyList<Detection> anomalies)
        : this(id, start, end, services, anomalies, new HashSet<long>())
    {
    }

    /// <summary>Every anomaly is isolated: stray points grouped among themselves, with no sustained episode to page about.</summary>
    public bool IsIsolated => Anomalies.Count > 0 && IsolatedRecordIds.Count >= Anomalies.Count;
}
