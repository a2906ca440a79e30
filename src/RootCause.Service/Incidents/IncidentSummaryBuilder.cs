using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>Reduces a ranked incident to the metadata an explainer may see (<see cref="IncidentSummary"/>).</summary>
public static class IncidentSummaryBuilder
{
    private const int MaxSignalsPerService = 5;

    public static IncidentSummary Build(
        string runId,
        DetectedIncident incident,
        IReadOnlyList<RootCauseCandidate> candidates,
        IReadOnlyList<ServiceEdge> edges,
        ChangeCorrelator changes)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var profiles = ServiceProfile.Build(incident.Anomalies);
        profiles.Sort(static (a, b) => a.Onset != b.Onset ? a.Onset.CompareTo(b.Onset) : string.CompareOrdinal(a.Service, b.Service));

        var services = new List<ServiceAnomalySummary>(profiles.Count);
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            members.Add(profile.Service);
            services.Add(new ServiceAnomalySummary(
                profile.Service,
                profile.Count,
                profile.Onset,
                profile.LastSeen,
                profile.MaxConfidence,
                profile.TypeCounts.Select(static t => new NamedCount(t.Key, t.Value)).ToList(),
                profile.NameCounts.Take(MaxSignalsPerService).Select(static t => new NamedCount(t.Key, t.Value)).ToList()));
        }

        var incidentEdges = edges
            .Where(e => members.Contains(e.Caller) && members.Contains(e.Callee) && !string.Equals(e.Caller, e.Callee, StringComparison.Ordinal))
            .OrderBy(static e => e.Caller, StringComparer.Ordinal)
            .ThenBy(static e => e.Callee, StringComparer.Ordinal)
            .ToList();

        var incidentChanges = members
            .SelectMany(service => changes.Near(service, incident.Start, incident.End))
            .OrderBy(static c => c.Timestamp)
            .ThenBy(static c => c.RecordId)
            .ToList();

        return new IncidentSummary(runId, incident.Id, incident.Start, incident.End, services, candidates, incidentEdges, incidentChanges)
        {
            TrafficChange = TrafficChange.Of(incident),
        };
    }
}
