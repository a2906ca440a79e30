using System.Text.Json;
using System.Text.Json.Nodes;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Traces as Jaeger's query API and UI write them in JSON, read as spans with their service, instance, parent and status.</summary>
public sealed class JaegerJsonReaderTests : IDisposable
{
    private const long StartMicros = 1_767_571_200_000_000;
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly InputFolder _inputs = new();

    /// <summary>The trace of the OTLP fixture <c>traces.jsonl</c>, as Jaeger's query API answers with it.</summary>
    private static string QueryResponse(string cartTags = """[{"key":"error","type":"bool","value":true}]""") => $$$"""
        {"data":[{"traceID":"5b8efff798038103d269b633813fc60c","spans":[
          {"traceID":"5b8efff798038103d269b633813fc60c","spanID":"eee19b7ec3c1b174","operationName":"GET /cart","references":[],
           "startTime":{{{StartMicros}}},"duration":250000,"tags":[{"key":"span.kind","type":"string","value":"server"}],"logs":[],"processID":"p1","warnings":null},
          {"traceID":"5b8efff798038103d269b633813fc60c","spanID":"eee19b7ec3c1b175","operationName":"GetCart",
           "references":[{"refType":"CHILD_OF","traceID":"5b8efff798038103d269b633813fc60c","spanID":"eee19b7ec3c1b174"}],
           "startTime":{{{StartMicros + 10_000}}},"duration":200000,"tags":{{{cartTags}}},"logs":[],"processID":"p2","warnings":null}],
         "processes":{"p1":{"serviceName":"frontend","tags":[{"key":"hostname","type":"string","value":"frontend-7d9f-abc"},{"key":"ip","type":"string","value":"10.0.0.7"}]},
                      "p2":{"serviceName":"cart","tags":[{"key":"host.name","type":"string","value":"node-3"},{"key":"service.instance.id","type":"string","value":"cart-1"}]}},
         "warnings":null}],"total":0,"limit":0,"offset":0,"errors":null}
        """;

    [Fact]
    public void A_query_api_response_reads_as_the_same_spans_as_the_traces_otlp_export()
    {
        var (otlp, _) = InputFolder.Read(Path.Combine(AppContext.BaseDirectory, "TestData", "otlp", "traces.jsonl"));

        var (records, rejects) = InputFolder.Read(_inputs.Write("traces.json", Pretty(QueryResponse())));

        Assert.Equal(0, rejects.Count);
        Assert.Equal(otlp, records);
        Assert.Equal(("frontend-7d9f-abc", Start, 250.0), (records[0].Instance, records[0].Timestamp, records[0].Value));
        Assert.Equal(("cart-1", "eee19b7ec3c1b174", SpanStatus.Error), (records[1].Instance, records[1].ParentSpanId, records[1].Status));
    }

    [Fact]
    public void Traces_one_a_line_or_in_an_array_are_read_and_otel_status_marks_a_failed_span()
    {
        var trace = Data(QueryResponse("""[{"key":"otel.status_code","type":"string","value":"ERROR"}]"""));
        var ok = Data(QueryResponse("[]"));

        var (records, rejects) = InputFolder.Read(_inputs.Write("traces.jsonl", trace.ToJsonString(), new JsonArray(ok.DeepClone(), ok.DeepClone()).ToJsonString()));

        Assert.Equal(0, rejects.Count);
        Assert.Equal(6, records.Count);
        Assert.Equal([SpanStatus.Ok, SpanStatus.Error, SpanStatus.Ok, SpanStatus.Ok, SpanStatus.Ok, SpanStatus.Ok], records.Select(record => record.Status));
    }

    [Fact]
    public void A_span_that_cannot_be_a_record_is_rejected_alone_naming_its_line_and_field()
    {
        var response = JsonNode.Parse(QueryResponse())!;
        var spans = response["data"]![0]!["spans"]!.AsArray();
        var template = spans[1]!.ToJsonString();
        spans.Add(With(template, span => span.Remove("startTime")));
        spans.Add(With(template, span => span["duration"] = -5));
        spans.Add(With(template, span => span["processID"] = "p9"));
        spans.Add(With(template, span => span["startTime"] = "soon"));

        var (records, rejects) = InputFolder.Read(_inputs.Write("traces.json", "", response.ToJsonString(Indented)));

        Assert.Equal(["GET /cart", "GetCart"], records.Select(record => record.Name));
        Assert.Equal(4, rejects.Count);
        Assert.Collection(rejects.Reasons,
            reason => Assert.Contains("traces.json, line 2, data[0].spans[2].startTime: missing: the span cannot be placed in time", reason),
            reason => Assert.Contains("data[0].spans[3].duration: -5 is negative: a span cannot end before it starts", reason),
            reason => Assert.Contains("data[0].spans[4].processID: 'p9' names no process in the trace's processes", reason),
            reason => Assert.Contains("data[0].spans[5].startTime: \"soon\" is not a whole number of microseconds", reason));
    }

    [Fact]
    public void A_span_with_its_own_process_and_an_older_parent_field_is_read()
    {
        var span = $$$"""
            {"traceID":"00000000000000000000abc","spanID":"00000000000000b2","parentSpanID":"00000000000000b1","operationName":"charge",
             "startTime":{{{StartMicros}}},"duration":1500,"process":{"serviceName":"payment","tags":[]}}
            """;

        var (records, rejects) = InputFolder.Read(_inputs.Write("trace.json", $$$"""{"traceID":"abc","spans":[{{{span.ReplaceLineEndings(" ")}}}]}"""));

        Assert.Equal(0, rejects.Count);
        var record = Assert.Single(records);
        Assert.Equal(("payment", "payment", 1.5, "00000000000000b1"), (record.Service, record.Instance, record.Value, record.ParentSpanId));
    }

    [Fact]
    public void Json_with_trace_ids_but_no_jaeger_trace_is_rejected_not_read_as_spans()
    {
        var (records, rejects) = InputFolder.Read(_inputs.Write("other.json", """{"traceID":"abc","operationName":"x"}""", """{"result":{"traceID":"abc","operationName":"x"}}"""));

        Assert.Empty(records);
        Assert.Contains(rejects.Reasons, reason => reason.Contains("other.json, line 2, line: is JSON but holds no Jaeger trace", StringComparison.Ordinal));
    }

    private static JsonNode Data(string response) => JsonNode.Parse(response)!["data"]![0]!.DeepClone();

    private static JsonNode With(string template, Action<JsonObject> change)
    {
        var span = JsonNode.Parse(template)!.AsObject();
        change(span);
        return span;
    }

    private static string Pretty(string json) => JsonNode.Parse(json)!.ToJsonString(Indented);

    public void Dispose() => _inputs.Dispose();
}
