using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Log lines as Grafana Loki's query API answers a log query (<c>/loki/api/v1/query_range</c>, the same answer shape as
/// Prometheus', <see cref="PrometheusJsonReader"/>): <c>{"resultType": "streams", "result": [{"stream": {labels},
/// "values": [["nanoseconds", "line"], ...]}]}</c>. A stream's service is the first of its <c>service_name</c> (which
/// Loki 3 sets), <c>service</c>, <c>app</c>, <c>container</c> and <c>job</c> labels, its instance the first of
/// <c>pod</c>, <c>instance</c>, <c>host</c> and <c>hostname</c>; its level its <c>level</c>, <c>detected_level</c> or
/// <c>severity</c> label, else what the line states (<see cref="SeverityText.InMessage"/>). Trace and span ids are read
/// from the text later (<see cref="LogRequestIds"/>). An entry that is not <c>["nanoseconds", "line"]</c> is rejected on
/// its own with its line and field.
/// </summary>
internal static class LokiStreams
{
    private static readonly string[] ServiceLabels = ["service_name", "service", "app", "container", "job"];
    private static readonly string[] InstanceLabels = ["pod", "instance", "host", "hostname"];
    private static readonly string[] LevelLabels = ["level", "detected_level", "severity"];

    /// <summary>Reads the streams of one answer's <c>result</c>.</summary>
    public static void Read(
        string path, long line, JsonElement result, string at, List<TelemetryRecord> records, StringPool strings, InputRejects rejects)
    {
        var position = 0;
        foreach (var stream in result.EnumerateArray())
        {
            var field = $"{at}[{position++}]";
            var labels = new QueryLabels(stream, "stream");
            var service = strings.Get(labels.First(ServiceLabels) ?? "unknown_service");
            var instance = labels.First(InstanceLabels) is { } named ? strings.Get(named) : service;
            var labelled = labels.First(LevelLabels) is { } level ? SeverityText.LevelOf(level) : (LogLevel?)null;
            var name = strings.Get("log");
            var index = 0;
            foreach (var entry in OtlpValues.Array(stream, "values"))
            {
                var entryField = $"{field}.values[{index++}]";
                if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() < 2 || entry[0].ValueKind != JsonValueKind.String
                    || !long.TryParse(entry[0].GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var nanos) || nanos <= 0)
                {
                    rejects.Add(path, line, entryField, $"{UntrustedText.Cut(entry.GetRawText())} is not an entry [\"nanoseconds since 1970\", \"line\"]");
                    continue;
                }

                var text = entry[1].ValueKind == JsonValueKind.String ? entry[1].GetString() : entry[1].GetRawText();
                var stated = labelled is null && text is not null ? SeverityText.InMessage(text) : null;
                rejects.AddLevelsFromText(stated is null ? 0 : 1);
                records.Add(new TelemetryRecord(
                    -1, DateTime.UnixEpoch.AddTicks(nanos / 100), TelemetryKind.Log, service, instance, name, 0,
                    Level: labelled ?? stated ?? LogLevel.Info, Message: text));
            }
        }
    }
}
