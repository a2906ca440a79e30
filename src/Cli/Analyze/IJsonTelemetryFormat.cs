using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Another system's JSON export that <c>analyze</c> reads (Jaeger's traces, CloudWatch Logs' events, ...): told by the
/// start of its text, read a value at a time (<see cref="JsonValues"/>: JSON lines, or JSON spread over lines).
/// </summary>
internal interface IJsonTelemetryFormat
{
    /// <summary>Whether a text that starts so is this format's.</summary>
    /// <param name="start">The first line, or, where the JSON spreads over lines, the first lines.</param>
    bool Recognises(string start);

    /// <summary>What reads one file's values, each with the line it starts on, into its records.</summary>
    Action<long, JsonElement> ReaderFor(JsonInputFile file);
}

/// <summary>One input file being read: its path, and where its records, the exceptions its spans record and what could not be read go.</summary>
internal sealed record JsonInputFile(string Path, List<TelemetryRecord> Records, StringPool Strings, InputRejects Rejects, SpanExceptions Exceptions);

/// <summary>The JSON exports <c>analyze</c> reads besides OTLP; no two of them start alike.</summary>
internal static class JsonTelemetryFormats
{
    public static IReadOnlyList<IJsonTelemetryFormat> All { get; } =
        [new JaegerJsonReader(), new ZipkinJsonReader(), new XRayJsonReader(), new CloudWatchLogsReader(), new PrometheusJsonReader(), new KubernetesEventsReader(), new EcsServicesReader()];
}
