using System.Text.Json;
using System.Text.Json.Nodes;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// OTLP export requests spread over many lines, as <c>jq .</c> or an HTTP client saves them, read as their JSON lines
/// are, with rejections named by the line their request starts on.
/// </summary>
public sealed class OtlpSpreadOverLinesTests : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly InputFolder _inputs = new();

    [Theory]
    [InlineData("traces.jsonl")]
    [InlineData("metrics.jsonl")]
    public void A_pretty_printed_request_reads_as_its_json_line(string fixture)
    {
        var lines = File.ReadAllLines(Fixture(fixture));
        var (expected, expectedRejects) = InputFolder.Read(_inputs.Write("lines.jsonl", lines));

        var (records, rejects) = InputFolder.Read(_inputs.Write("pretty.json", [.. lines.Select(Pretty)]));

        Assert.NotEmpty(records);
        Assert.Equal(expected, records);
        Assert.Equal(expectedRejects.Count, rejects.Count);
    }

    [Fact]
    public void Requests_one_after_another_and_in_an_array_are_all_read_and_a_bad_span_is_named_by_its_requests_first_line()
    {
        var good = Pretty(OtlpLines.Spans(Span("GET /cart", OtlpLines.Start)));
        var bad = Pretty(OtlpLines.Spans(Span("GET /pay", OtlpLines.Start), Span("no end", null)));
        var array = Pretty("[" + OtlpLines.Spans(Span("GET /ship", OtlpLines.Start)) + "," + OtlpLines.Logs(
            $$$"""{"timeUnixNano":"{{{OtlpLines.Start}}}","body":{"stringValue":"shipped"}}""") + "]");
        var badAt = good.Split('\n').Length + 1;

        var (records, rejects) = InputFolder.Read(_inputs.Write("requests.json", good, bad, array));

        Assert.Equal(["GET /cart", "GET /pay", "GET /ship", "log"], records.Select(record => record.Name));
        Assert.Equal(1, rejects.Count);
        Assert.Contains($"requests.json, line {badAt:N0}, resourceSpans[0].scopeSpans[0].spans[1].endTimeUnixNano", Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void Text_that_stops_being_json_keeps_the_requests_before_and_names_the_line_where_it_broke()
    {
        var good = Pretty(OtlpLines.Spans(Span("GET /cart", OtlpLines.Start)));

        var (records, rejects) = InputFolder.Read(_inputs.Write("broken.json", good, "{", "  \"resourceSpans\": [ oops"));

        Assert.Equal("GET /cart", Assert.Single(records).Name);
        var reason = Assert.Single(rejects.Reasons);
        Assert.Contains($"broken.json, line {good.Split('\n').Length + 2:N0}, text: is not JSON from here on ('o' is an invalid start of a value.)", reason);
        Assert.DoesNotContain("LineNumber", reason);
    }

    [Fact]
    public void Pretty_printed_json_that_is_not_otlp_is_refused_rather_than_read_as_csv()
    {
        var path = _inputs.Write("jaeger.json", "{", "  \"data\": [", "    {\"traceID\": \"5b8efff798038103\"}", "  ]", "}");

        var error = Assert.Throws<InputFileException>(() => InputFolder.Read(path));

        Assert.Contains("it starts with JSON of no kind analyze reads", error.Message);
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "otlp", name);

    private static string Pretty(string json) => JsonNode.Parse(json)!.ToJsonString(Indented);

    private static string Span(string name, long? end) =>
        $$"""{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"{{name}}","startTimeUnixNano":"{{OtlpLines.Start}}"{{(end is { } e ? $",\"endTimeUnixNano\":\"{e + 1_000_000}\"" : "")}}}""";

    public void Dispose() => _inputs.Dispose();
}
