namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>Ground truth for one record: a row of <c>synthetic_labels.csv</c>.</summary>
/// <param name="AnomalyType">One of <see cref="AnomalyTypes"/>; null when the record is normal.</param>
/// <param name="IncidentId">The injected incident the record belongs to; null when normal.</param>
/// <param name="IsRootCause">
/// True when the record was emitted by the incident's root-cause service itself; false for normal records and for
/// symptoms that propagated to other services.
/// </param>
public sealed record RecordLabel(long RecordId, bool IsAnomaly, string? AnomalyType, string? IncidentId, bool IsRootCause = false);
