using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>Whether an incident is one to page anybody about: neither stray points only nor mostly a change in traffic (<see cref="TrafficChange"/>).</summary>
public static class IncidentPaging
{
    public static bool IsPaged(bool isolated, bool trafficChange) => !isolated && !trafficChange;

    /// <summary>Why an incident is not paged, in a few words; empty when it is.</summary>
    public static string WhyNotPaged(bool isolated, bool trafficChange) =>
        isolated ? "isolated anomalies only" : trafficChange ? "mostly a change in traffic" : "";

    public static bool IsPaged(this IncidentReport incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return IsPaged(incident.Isolated, incident.TrafficChange);
    }
}
