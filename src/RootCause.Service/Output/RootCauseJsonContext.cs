using System.Text.Json.Serialization;

namespace AnomalyPlatform.RootCause.Output;

/// <summary>Source-generated, snake_case metadata for the entries of <c>anomalies.json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AnomalyEntry))]
[JsonSerializable(typeof(IncidentEntry))]
internal sealed partial class RootCauseJsonContext : JsonSerializerContext;
