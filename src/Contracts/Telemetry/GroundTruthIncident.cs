namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>One injected incident: an entry of <c>incidents.json</c>.</summary>
/// <param name="IncidentId">Id such as <c>INC-0001</c>, referenced by <see cref="RecordLabel.IncidentId"/>.</param>
/// <param name="RootCauseService">The service where the fault was injected.</param>
/// <param name="RootCauseInstance">The instance (host/pod) where the fault was injected.</param>
/// <param name="FaultType">One of <see cref="AnomalyTypes"/> (later also richer fault types).</param>
/// <param name="AffectedServices">The root-cause service first, then the services its symptoms reached.</param>
public sealed record GroundTruthIncident(
    string IncidentId,
    string RootCauseService,
    string RootCauseInstance,
    string FaultType,
    DateTime Start,
    DateTime End,
    IReadOnlyList<string> AffectedServices);
