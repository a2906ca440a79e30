using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Traces as Zipkin's v2 API writes them, read as spans with their service, address, parent and status.</summary>
public sealed class ZipkinJsonReaderTests : IDisposable
{
    private const long StartMicros = 1_767_571_200_000_000;
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private readonly InputFolder _inputs = new();

    [Fact]
    public void A_trace_reads_as_spans_of_the_endpoints_services_with_their_parents_and_errors()
    {
        var trace = $$$"""
            [
              {"traceId": "5b8efff798038103d269b633813fc60c", "id": "eee19b7ec3c1b174", "kind": "SERVER", "name": "get /cart",
               "timestamp": {{{StartMicros}}}, "duration": 250000, "localEndpoint": {"serviceName": "frontend", "ipv4": "10.0.0.7", "port": 8080}},
              {"traceId": "5b8efff798038103d269b633813fc60c", "parentId": "eee19b7ec3c1b174", "id": "eee19b7ec3c1b175", "kind": "SERVER", "name": "getcart",
               "timestamp": {{{StartMicros + 10_000}}}, "duration": 200000, "localEndpoint": {"serviceName": "cart"}, "tags": {"error": "redis timeout"}}
            ]
            """;

        var (records, rejects) = InputFolder.Read(_inputs.Write("trace.json", trace));

        Assert.Equal(0, rejects.Count);
        Assert.Equal(
            [
                ("frontend", "10.0.0.7", "get /cart", 250.0, Start, null, SpanStatus.Ok),
                ("cart", "cart", "getcart", 200.0, Start.AddMilliseconds(10), "eee19b7ec3c1b174", SpanStatus.Error),
            ],
            records.Select(static r => (r.Service, r.Instance, r.Name, r.Value, r.Timestamp, r.ParentSpanId, r.Status)));
    }

    [Fact]
    public void A_shared_span_becomes_the_clients_half_with_the_servers_half_and_its_children_under_it()
    {
        var traces = $$$"""
            [[{"traceId":"abc","id":"01","kind":"CLIENT","name":"get","timestamp":{{{StartMicros}}},"duration":300,"localEndpoint":{"serviceName":"frontend"}},
              {"traceId":"abc","id":"01","kind":"SERVER","shared":true,"name":"get","timestamp":{{{StartMicros + 50}}},"duration":200,"localEndpoint":{"serviceName":"cart"}},
              {"traceId":"abc","parentId":"01","id":"02","kind":"CLIENT","name":"query","timestamp":{{{StartMicros + 60}}},"duration":100,"localEndpoint":{"serviceName":"cart"}}]]
            """;

        var (records, _) = InputFolder.Read(_inputs.Write("traces.json", traces.ReplaceLineEndings(" ")));

        Assert.Equal(
            [("frontend", "01:client", (string?)null), ("cart", "01", "01:client"), ("cart", "02", "01")],
            records.Select(static r => (r.Service, r.SpanId!, r.ParentSpanId)));
    }

    [Fact]
    public void A_span_that_cannot_be_a_record_is_rejected_alone_naming_its_line_and_field()
    {
        var spans = $$$"""
            [{"traceId":"abc","id":"01","name":"kept","timestamp":{{{StartMicros}}},"duration":5,"localEndpoint":{"serviceName":"cart"}},
             {"traceId":"abc","id":"02","name":"no time","duration":5,"localEndpoint":{"serviceName":"cart"}},
             {"traceId":"abc","id":"03","name":"backwards","timestamp":{{{StartMicros}}},"duration":-5,"localEndpoint":{"serviceName":"cart"}}]
            """;

        var (records, rejects) = InputFolder.Read(_inputs.Write("spans.json", "", spans.ReplaceLineEndings(" ")));

        Assert.Equal("kept", Assert.Single(records).Name);
        Assert.Collection(rejects.Reasons,
            reason => Assert.Contains("spans.json, line 2, [1].timestamp: missing: the span cannot be placed in time", reason),
            reason => Assert.Contains("spans.json, line 2, [2].duration: -5 is negative", reason));
    }

    public void Dispose() => _inputs.Dispose();
}
