using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>OTLP/JSON export-request lines of one service, "cart", and what <see cref="InputFiles"/> reads of them.</summary>
internal static class OtlpLines
{
    public const string Resource = """{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]}""";

    /// <summary>2026-01-05T00:00:00Z in nanoseconds since 1970.</summary>
    public const long Start = 1_767_571_200_000_000_000;

    public static string Logs(params string[] logRecords) =>
        "{\"resourceLogs\":[" + Resource + ",\"scopeLogs\":[{\"logRecords\":[" + string.Join(',', logRecords) + "]}]}]}";

    public static string Metrics(params string[] metrics) =>
        "{\"resourceMetrics\":[" + Resource + ",\"scopeMetrics\":[{\"metrics\":[" + string.Join(',', metrics) + "]}]}]}";

    public static string Spans(params string[] spans) =>
        "{\"resourceSpans\":[" + Resource + ",\"scopeSpans\":[{\"spans\":[" + string.Join(',', spans) + "]}]}]}";

    /// <summary>Writes the lines to <c>otlp.jsonl</c> in <paramref name="folder"/> and reads them as <c>analyze</c> does.</summary>
    public static (List<TelemetryRecord> Records, InputRejects Rejects) Read(string folder, params string[] lines)
    {
        var path = Path.Combine(folder, "otlp.jsonl");
        File.WriteAllLines(path, lines);
        var records = new List<TelemetryRecord>();
        var rejects = new InputRejects();
        InputFiles.Read(path, records, new StringPool(), rejects, pending: null, CancellationToken.None);
        return (records, rejects);
    }
}
