using System.Text.Json.Serialization;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>Where a run is: generating and detecting, done with every output written, or stopped by a failure.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunState>))]
public enum RunState
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>The answer of <c>GET /runs/{run_id}</c>: what was asked for, how far the run is, and its results once done.</summary>
/// <param name="SegmentsDetected">Detection segments whose analysis is in.</param>
/// <param name="OutputDirectory">The run's folder, where its six files are written.</param>
/// <param name="Evaluation">The headline figures of <c>evaluation.json</c>, once written.</param>
public sealed record RunStatus(
    string RunId,
    RunState Status,
    DateTime StartedAt,
    DateTime? CompletedAt,
    long Records,
    int Seed,
    int Segments,
    int SegmentsDetected,
    int? AnomalyCount,
    int? IncidentCount,
    string OutputDirectory,
    RunEvaluationSummary? Evaluation,
    string? Error);

/// <summary>The ensemble's record-level figures and the root-cause accuracy of a run (AC@k null, as in <c>evaluation.json</c>, when no incident was injected).</summary>
public sealed record RunEvaluationSummary(
    double Precision,
    double Recall,
    double F1,
    double? RocAuc,
    double? PrAuc,
    int Incidents,
    int IncidentsDetected,
    [property: JsonPropertyName("ac_at_1"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AcAt1,
    [property: JsonPropertyName("ac_at_3"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AcAt3)
{
    /// <summary>AC@1 at the instance, as <c>evaluation.json</c>'s <c>ac_at_1_instance</c>; absent when no incident was injected.</summary>
    [JsonPropertyName("ac_at_1_instance")]
    public double? AcAt1Instance { get; init; }
}

/// <summary>Source-generated JSON of the run API, in the snake_case every file and message of the platform uses.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(RunStatus))]
[JsonSerializable(typeof(IReadOnlyList<RunStatus>))]
public sealed partial class RunStatusJsonContext : JsonSerializerContext;
