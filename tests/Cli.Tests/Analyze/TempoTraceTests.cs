using System.Text.Json;
using System.Text.Json.Nodes;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// Traces as Grafana Tempo's API answers them: OTLP in protobuf's JSON mapping, the resource spans named
/// <c>batches</c> (or under <c>trace</c>) and the ids in base64, read as the same spans as the OTLP export.
/// </summary>
public sealed class TempoTraceTests : IDisposable
{
    private readonly InputFolder _inputs = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tempo_answer_reads_as_the_same_spans_as_the_traces_otlp_export(bool underTrace)
    {
        var fixture = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "otlp", "traces.jsonl"))[0];
        var (expected, _) = InputFolder.Read(_inputs.Write("otlp.jsonl", fixture));
        var request = JsonNode.Parse(fixture)!.AsObject();
        var resources = request["resourceSpans"]!.DeepClone();
        foreach (var span in resources.AsArray().SelectMany(r => r!["scopeSpans"]!.AsArray()).SelectMany(s => s!["spans"]!.AsArray()))
        {
            foreach (var id in new[] { "traceId", "spanId", "parentSpanId" })
            {
                if (span![id]!.GetValue<string>() is { Length: > 0 } hex)
                {
                    span[id] = Convert.ToBase64String(Convert.FromHexString(hex));
                }
            }
        }

        var answer = underTrace
            ? new JsonObject { ["trace"] = new JsonObject { ["resourceSpans"] = resources } }
            : new JsonObject { ["batches"] = resources };

        var (records, rejects) = InputFolder.Read(_inputs.Write("tempo.json", answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));

        Assert.Equal(0, rejects.Count);
        Assert.Equal(2, records.Count);
        Assert.Equal(expected, records);
        Assert.Equal("5b8efff798038103d269b633813fc60c", records[0].TraceId);
    }

    [Theory]
    [InlineData("5B8EFFF798038103D269B633813FC60C", "5b8efff798038103d269b633813fc60c")]
    [InlineData("W47/95gDgQPSabYzgT/GDA==", "5b8efff798038103d269b633813fc60c")]
    [InlineData("7uGbfsPBsXQ=", "eee19b7ec3c1b174")]
    [InlineData("eee19b7ec3c1b174", "eee19b7ec3c1b174")]
    [InlineData("not-an-id-at-all!!!!!!!!", "not-an-id-at-all!!!!!!!!")]
    public void Ids_in_hex_are_kept_and_protobufs_base64_ids_are_written_as_hex(string id, string read)
    {
        using var span = JsonDocument.Parse($$"""{"spanId":"{{id}}"}""");

        Assert.Equal(read, OtlpValues.Id(span.RootElement, "spanId"));
    }

    public void Dispose() => _inputs.Dispose();
}
