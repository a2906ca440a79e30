using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>Whether an incident is one to page anybody about: neither stray points only nor mostly a change in traffic (<see cref="TrafficChange"/>).</summary>
public static class IncidentPaging
{
    public static bool IsPaged(bool isolated, bool trafficChange) => !isolated && !trafficChange;

    public static bool IsPaged(this IncidentReport incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return IsPaged(incident.Isolated, incident.TrafficChange);
    }
}
