using System.Text.Json.Serialization;

namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>The four MELT record kinds that share one schema in <c>synthetic_data.csv</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TelemetryKind>))]
public enum TelemetryKind : byte
{
    [JsonStringEnumMemberName("metric")]
    Metric = 0,
    [JsonStringEnumMemberName("event")]
    Event = 1,
    [JsonStringEnumMemberName("log")]
    Log = 2,
    [JsonStringEnumMemberName("span")]
    Span = 3,
}
