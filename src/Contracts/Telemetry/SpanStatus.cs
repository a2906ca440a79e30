using System.Text.Json.Serialization;

namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>Outcome of a trace span, as in OpenTelemetry's span status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpanStatus>))]
public enum SpanStatus : byte
{
    [JsonStringEnumMemberName("ok")]
    Ok = 0,
    [JsonStringEnumMemberName("error")]
    Error = 1,
}
