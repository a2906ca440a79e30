using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>The fields of an <c>anomalies.json</c> anomaly that the report draws.</summary>
public sealed record ReportAnomaly(
    long RecordId, DateTime Timestamp, string Service, TelemetryKind Kind, string Name, string DetectedType, double Confidence, string IncidentId);

/// <summary>The shape of <c>anomalies.json</c> as the report reads it (fields it does not draw are skipped).</summary>
public sealed record ReportAnomaliesFile(string RunId, IReadOnlyList<ReportAnomaly> Anomalies, IReadOnlyList<IncidentEntry> Incidents);

/// <summary>
/// Everything a report is drawn from: the run folder's files (those present) and the in-process <see cref="ReportExtras"/>.
/// </summary>
/// <param name="Truth">The injected incidents (<c>incidents.json</c>); null when the run has no labels.</param>
/// <param name="Evaluation">Null when <c>evaluation.json</c> is absent; its <see cref="EvaluationReport.Models"/> is empty for an analysis, which has no per-record labels.</param>
/// <param name="Performance">Null when <c>performance.json</c> is absent.</param>
public sealed record ReportInput(
    ReportAnomaliesFile Anomalies,
    IReadOnlyList<GroundTruthIncident>? Truth,
    EvaluationReport? Evaluation,
    PerformanceReport? Performance,
    ReportExtras Extras);
