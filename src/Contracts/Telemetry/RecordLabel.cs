namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>Ground truth for one record: a row of <c>synthetic_labels.csv</c>.</summary>
/// <param name="AnomalyType">One of <see cref="AnomalyTypes"/>; null when the record is normal.</param>
/// <param name="IncidentId">The injected incident the record belongs to; null when normal.</param>
public sealed record RecordLabel(long RecordId, bool IsAnomaly, string? AnomalyType, string? IncidentId);
