using System.Text.Json.Serialization;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>Source-generated, snake_case metadata for reading <c>anomalies.json</c> into the report.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ReportAnomaliesFile))]
internal sealed partial class ReportInputJsonContext : JsonSerializerContext;
