using System.Text.Json.Serialization;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>Source-generated JSON metadata of the report files, in the snake_case every output file uses.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EvaluationReport))]
[JsonSerializable(typeof(PerformanceReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
