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
    int FalseAlarms)
{
    /// <summary>Records read but left out of the analysis, being far outside the time of the rest (see <see cref="InputTimeRange"/>).</summary>
    public long FarInTimeLeftOut { get; init; }

    /// <summary>Metric readings without a value (NaN, a staleness marker), read as gaps in their series (see <see cref="ValuelessReadings"/>); not in <see cref="Rejected"/>.</summary>
    public long ReadingsWithoutValue { get; init; }

    /// <summary>Incidents to page about: neither isolated anomalies only nor mostly a change in traffic.</summary>
    public int PagedIncidents { get; init; }

    /// <summary>Of <see cref="PagedIncidents"/>, those with no anomaly inside any true incident's window.</summary>
    public int PagedFalseAlarms { get; init; }

    /// <summary>The accuracy per fault type of the known incidents, most incidents first: which kinds of fault the ranking finds, and which it misses.</summary>
    public IReadOnlyList<FaultTypeAccuracy> ByFaultType { get; init; } = [];

    /// <summary>The same per recording, when the input holds several (two days' exports an hour or more apart); empty otherwise.</summary>
    public IReadOnlyList<RecordingAccuracy> ByRecording { get; init; } = [];
}

/// <summary>Root-cause accuracy over the known incidents of one fault type.</summary>
/// <param name="Detected">Of them, those a raised incident holds.</param>
public sealed record FaultTypeAccuracy(
    string FaultType,
    int Incidents,
    int Detected,
    [property: JsonPropertyName("ac_at_1")] double AcAt1,
    [property: JsonPropertyName("ac_at_3")] double AcAt3)
{
    public static IReadOnlyList<FaultTypeAccuracy> Of(IReadOnlyList<IncidentRank> ranks) =>
        [.. FaultTypeGroups.Of(ranks).Select(static g => new FaultTypeAccuracy(
            g.Key, g.Count(), RankAccuracy.Detected(g), RankAccuracy.AtOne(g)!.Value, RankAccuracy.AtThree(g)!.Value))];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(AnalysisReport))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;
