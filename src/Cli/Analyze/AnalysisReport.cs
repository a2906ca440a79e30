using System.Text.Json.Serialization;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The <c>evaluation.json</c> of <c>analyze --incidents</c>: root-cause accuracy against the user's known incidents
/// (computed by the same evaluator as a synthetic run's), the rank of each true service, and how the detected
/// incidents relate to the true ones.
/// </summary>
/// <param name="Records">Records analysed.</param>
/// <param name="Rejected">Input rows that could not be records.</param>
/// <param name="DetectedIncidents">Incidents the platform raised.</param>
/// <param name="FalseAlarms">Detected incidents with no anomaly inside any true incident's window.</param>
public sealed record AnalysisReport(
    long Records,
    long Rejected,
    RootCauseReport RootCause,
    IReadOnlyList<IncidentRank> PerIncident,
    int DetectedIncidents,
    int FalseAlarms);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(AnalysisReport))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;
