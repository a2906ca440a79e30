namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// One incident the report draws: its time window (the detected incident and the injected one it overlaps, with a
/// margin either side) and the services whose metrics are drawn, the top candidate first.
/// </summary>
public sealed record IncidentPlan(IncidentEntry Incident, DateTime From, DateTime To, IReadOnlyList<string> Services)
{
    public bool Covers(DateTime timestamp) => timestamp >= From && timestamp <= To;
}
