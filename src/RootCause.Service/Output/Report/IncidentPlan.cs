namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// One incident the report draws: its time window (the detected incident and the injected one it overlaps, with a
/// margin either side) and the services whose metrics are drawn, the top candidate first.
/// </summary>
public sealed record IncidentPlan(IncidentEntry Incident, DateTime From, DateTime To, IReadOnlyList<string> Services)
{
    /// <summary>
    /// The instance the top candidate's fault is at, when one is named apart from its service (the first of
    /// <see cref="Services"/>): its readings are drawn as a line of their own on the candidate's metric panels, beside
    /// the range of all its instances.
    /// </summary>
    public string? Instance => Incident.Candidates.Count > 0 ? InstanceNames.Of(Incident.Candidates[0]) : null;

    public bool Covers(DateTime timestamp) => timestamp >= From && timestamp <= To;
}
