using System.Text.Json.Serialization;

namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>Severity of a log record, ordered from least to most severe.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LogLevel>))]
public enum LogLevel : byte
{
    [JsonStringEnumMemberName("DEBUG")]
    Debug = 0,
    [JsonStringEnumMemberName("INFO")]
    Info = 1,
    [JsonStringEnumMemberName("WARN")]
    Warn = 2,
    [JsonStringEnumMemberName("ERROR")]
    Error = 3,
}
