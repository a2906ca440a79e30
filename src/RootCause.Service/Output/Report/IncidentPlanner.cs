using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// Chooses which incidents the report draws in full and what each chart covers. A long run raises hundreds of
/// incidents; drawing them all would make a file of tens of megabytes, so the largest are drawn (all are listed).
/// </summary>
internal static class IncidentPlanner
{
    /// <summary>Incidents drawn in full: about 40 kB each, so the report stays within a few megabytes.</summary>
    public const int MaxDrawn = 40;

    /// <summary>Services whose metrics an incident's chart shows.</summary>
    public const int MaxServices = 3;

    // A margin either side shows the series before and after the incident; at least a minute so a short one is readable.
    private static readonly TimeSpan MinimumMargin = TimeSpan.FromMinutes(1);

    public static IReadOnlyList<IncidentPlan> Plan(ReportInput input)
    {
        var anomaliesOf = input.Anomalies.Anomalies.ToLookup(anomaly => anomaly.IncidentId, StringComparer.Ordinal);
        return input.Anomalies.Incidents
            // Incidents to page come first; stray points and traffic changes are drawn only if room is left.
            .OrderBy(incident => !incident.Paged).ThenByDescending(incident => incident.AnomalyCount).ThenBy(incident => incident.Start)
            .Take(MaxDrawn)
            .OrderBy(incident => incident.Start).ThenBy(incident => incident.IncidentId, StringComparer.Ordinal)
            .Select(incident => PlanOne(incident, anomaliesOf[incident.IncidentId], input.Truth))
            .ToList();
    }

    /// <summary>The injected incident that overlaps <paramref name="incident"/> most, if any.</summary>
    public static GroundTruthIncident? TruthOf(IncidentEntry incident, IReadOnlyList<GroundTruthIncident>? truth) =>
        truth?.Where(t => t.Start <= incident.End && t.End >= incident.Start)
            .OrderByDescending(t => (Min(t.End, incident.End) - Max(t.Start, incident.Start)).Ticks)
            .FirstOrDefault();

    private static IncidentPlan PlanOne(IncidentEntry incident, IEnumerable<ReportAnomaly> anomalies, IReadOnlyList<GroundTruthIncident>? truth)
    {
        var from = incident.Start;
        var to = incident.End;
        if (TruthOf(incident, truth) is { } injected)
        {
            from = Min(from, injected.Start);
            to = Max(to, injected.End);
        }

        var margin = TimeSpan.FromTicks(Math.Max(MinimumMargin.Ticks, (to - from).Ticks / 5));
        // The top candidate first, then the services with the most metric anomalies, then the rest of the incident's.
        var services = incident.Candidates.Take(1).Select(candidate => candidate.Service)
            .Concat(anomalies
                .Where(anomaly => anomaly.Kind == TelemetryKind.Metric)
                .GroupBy(anomaly => anomaly.Service, StringComparer.Ordinal)
                .OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => group.Key))
            .Concat(incident.Services)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxServices)
            .ToList();
        return new IncidentPlan(incident, from - margin, to + margin, services);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
