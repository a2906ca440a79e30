using System.Text.Json.Serialization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Contracts.Json;

/// <summary>Source-generated System.Text.Json metadata for every contract type (wire and output files alike).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TelemetrySegment))]
[JsonSerializable(typeof(DetectionBatch))]
[JsonSerializable(typeof(DetectionCompleted))]
[JsonSerializable(typeof(ScoreBatch))]
[JsonSerializable(typeof(RootCauseCompleted))]
[JsonSerializable(typeof(RunStarted))]
[JsonSerializable(typeof(RunGenerated))]
[JsonSerializable(typeof(List<GroundTruthIncident>))]
[JsonSerializable(typeof(RecordLabel))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
