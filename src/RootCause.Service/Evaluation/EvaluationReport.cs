using System.Text.Json.Serialization;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// The shape of <c>evaluation.json</c>. Users script against it, so it only grows: fields are added, never renamed.
/// A model that did not run is absent from <see cref="Models"/>.
/// </summary>
public sealed record EvaluationReport(long Records, IReadOnlyDictionary<string, ModelReport> Models, RootCauseReport RootCause)
{
    /// <summary>
    /// Each injected (or, for <c>analyze --incidents</c>, known) incident's match among the detected ones and the rank of
    /// its true service there; absent when the run has no incident to rank.
    /// </summary>
    public IReadOnlyList<IncidentRank>? PerIncident { get; init; }

    /// <summary>
    /// For <c>analyze --incidents</c> of telemetry holding several recordings (days an hour or more apart), the same
    /// per recording; absent otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RecordingAccuracy>? ByRecording { get; init; }
}

/// <summary>
/// Record-level precision, recall and F1 of one model (or the ensemble) against the labels, and the ranking quality of
/// its score over every record: ROC-AUC and PR-AUC (average precision); these two are absent when the detector sent
/// no scores.
/// </summary>
public sealed record ModelReport(
    double Precision,
    double Recall,
    double F1,
    long TruePositives,
    long FalsePositives,
    long FalseNegatives,
    IReadOnlyDictionary<string, TypeReport> PerType,
    double? RocAuc = null,
    double? PrAuc = null)
{
    /// <summary>The anomaly types the model is meant for; its recall on each should reach <see cref="IntendedRecallTarget"/>.</summary>
    public IReadOnlyList<string> IntendedTypes { get; init; } = [];

    public double IntendedRecallTarget { get; init; }

    /// <summary>True when the recall reaches the target on every intended type the run labelled enough records of to measure (<see cref="MeasurableRecall"/>); absent when there is none.</summary>
    public bool? IntendedRecallMet { get; init; }
}

/// <summary>The same figures restricted to one anomaly type; <see cref="Intended"/> says whether the model is meant for it.</summary>
public sealed record TypeReport(long Support, long TruePositives, long FalsePositives, double Precision, double Recall, double F1, bool Intended = false);

/// <summary>
/// Root-cause accuracy against <c>incidents.json</c>: is the true root-cause service first / in the top three. Both
/// are null, written as <c>null</c> (the key stays), when no incident was injected: there is nothing to rank.
/// </summary>
public sealed record RootCauseReport(
    int Incidents,
    int Detected,
    [property: JsonPropertyName("ac_at_1"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AcAt1,
    [property: JsonPropertyName("ac_at_3"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AcAt3)
{
    /// <summary>The detected incidents and how they relate to the true ones (see <see cref="IncidentRelations"/>).</summary>
    public IncidentRelations? IncidentRelations { get; init; }

    /// <summary>AC@1 at the instance: the true service first and the instance it names the true one (see <see cref="RootCauseEvaluation.AcAt1Instance"/>).</summary>
    [JsonPropertyName("ac_at_1_instance")]
    public double? AcAt1Instance { get; init; }
}
