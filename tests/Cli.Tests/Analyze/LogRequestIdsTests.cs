using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Log lines that lost the ids of the request that wrote them, given them back from their text or their trace.</summary>
public sealed class LogRequestIdsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("log-ids-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);
    private const string Trace = "6f3cbf058c2765548a39ad724905d6a1";
    private const string GatewaySpan = "1111222233334444";
    private const string CartSpan = "576f9c38fc25e197";
    private const string LaterCartSpan = "9a9a8b8b7c7c6d6d";

    /// <summary>One request: the gateway's span, then two spans at cart (a retry 2 s later).</summary>
    private static List<TelemetryRecord> Request() =>
    [
        new(0, Start, TelemetryKind.Span, "gateway", "gateway-1", "GET /cart", 30, TraceId: Trace, SpanId: GatewaySpan),
        new(1, Start.AddMilliseconds(5), TelemetryKind.Span, "cart", "cart-1", "GetCart", 10, TraceId: Trace, SpanId: CartSpan, ParentSpanId: GatewaySpan),
        new(2, Start.AddSeconds(2), TelemetryKind.Span, "cart", "cart-1", "GetCart", 10, TraceId: Trace, SpanId: LaterCartSpan, ParentSpanId: GatewaySpan),
    ];

    private static TelemetryRecord Line(long id, double seconds, string message, string? trace = null, string? span = null) =>
        new(id, Start.AddSeconds(seconds), TelemetryKind.Log, "cart", "cart-1", "log", 0, LogLevel.Error, TraceId: trace, SpanId: span, Message: message);

    [Fact]
    public void A_line_whose_ids_are_only_in_its_text_is_joined_to_its_request_and_span()
    {
        var records = Request();
        records.Add(Line(3, 0.01, $"16:42:09.486 ERROR c.CartController#115 TraceID: {Trace} SpanID: {CartSpan} [getCart][failed]"));

        var (read, outcome) = LogRequestIds.Recover(records);

        Assert.Equal((Trace, CartSpan), (read[3].TraceId, read[3].SpanId));
        Assert.Equal(new LogRequestIds.Outcome(1, 0), outcome);
    }

    [Fact]
    public void Springs_bracketed_ids_are_read_as_well()
    {
        var records = Request();
        records.Add(Line(3, 0.01, $"ERROR [cart,{Trace},{CartSpan}] --- Failed to read the cart"));

        var (read, _) = LogRequestIds.Recover(records);

        Assert.Equal((Trace, CartSpan), (read[3].TraceId, read[3].SpanId));
    }

    [Fact]
    public void An_x_ray_trace_id_in_the_text_names_the_w3c_trace_it_stands_for()
    {
        var records = Request();
        records.Add(Line(3, 0.01, $"ERROR AWS-XRAY-TRACE-ID: Root=1-{Trace[..8]}-{Trace[8..]};Parent={CartSpan};Sampled=1 cart read failed"));

        var (read, outcome) = LogRequestIds.Recover(records);

        Assert.Equal((Trace, CartSpan), (read[3].TraceId, read[3].SpanId));
        Assert.Equal(new LogRequestIds.Outcome(1, 0), outcome);
    }

    [Theory]
    [InlineData("1-5759e988-bd862e3fe1be46a994272793", "5759e988bd862e3fe1be46a994272793")]
    [InlineData("1-5759E988-BD862E3FE1BE46A994272793", "5759e988bd862e3fe1be46a994272793")]
    [InlineData("1-5759e988-bd862e3fe1be46a99427279", null)]
    [InlineData("2-5759e988-bd862e3fe1be46a994272793", null)]
    [InlineData("1-5759e98g-bd862e3fe1be46a994272793", null)]
    [InlineData("5759e988bd862e3fe1be46a994272793", null)]
    public void Only_x_rays_spelling_of_a_trace_id_is_respelt(string id, string? w3c) =>
        Assert.Equal(w3c, XRayTraceIds.ToW3C(id));

    [Fact]
    public void A_token_that_names_no_trace_of_the_input_is_left_alone()
    {
        var records = Request();
        records.Add(Line(3, 0.01, "order 8a533bf9-bd12-4608-a8eb-606890982448 failed, request 0123456789abcdef0123456789abcdef"));

        var (read, outcome) = LogRequestIds.Recover(records);

        Assert.Null(read[3].TraceId);
        Assert.Null(read[3].SpanId);
        Assert.Equal(LogRequestIds.Outcome.None, outcome);
    }

    [Fact]
    public void Lines_with_a_trace_but_no_span_are_counted_and_left_for_the_detector_to_place()
    {
        var records = Request();
        records.Add(Line(3, 1, "cart read failed", trace: Trace));
        records.Add(Line(4, 1.5, $"cart read failed in span {LaterCartSpan}", trace: Trace));

        var (read, outcome) = LogRequestIds.Recover(records);

        Assert.Null(read[3].SpanId);
        Assert.Equal(LaterCartSpan, read[4].SpanId);
        Assert.Equal(new LogRequestIds.Outcome(0, 1), outcome);
    }

    [Fact]
    public void Lines_that_carry_their_ids_are_left_as_they_are()
    {
        var records = Request();
        var line = Line(3, 0.01, $"TraceID: {Trace} SpanID: {GatewaySpan}", trace: Trace, span: CartSpan);
        records.Add(line);

        var (read, outcome) = LogRequestIds.Recover(records);

        Assert.Same(line, read[3]);
        Assert.Equal(LogRequestIds.Outcome.None, outcome);
    }

    [Fact]
    public void A_line_of_an_untraced_request_keeps_its_trace_id_and_gets_no_span()
    {
        var records = Request();
        records.Add(Line(3, 0.01, "cart read failed", trace: "ffffffffffffffffffffffffffffffff"));

        var (read, outcome) = LogRequestIds.Recover(records);

        Assert.Equal("ffffffffffffffffffffffffffffffff", read[3].TraceId);
        Assert.Null(read[3].SpanId);
        Assert.Equal(LogRequestIds.Outcome.None, outcome);
    }

    [Fact]
    public void Reading_a_csv_joins_the_lines_and_says_so_for_the_report()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            $"0,2026-01-05T12:00:00.000Z,span,cart,cart-1,GetCart,10,,,{Trace},{CartSpan},,",
            $"1,2026-01-05T12:00:00.004Z,log,cart,cart-1,app,0,ERROR,,,,,\"TraceID: {Trace} SpanID: {CartSpan} cart read failed\"");

        Assert.Equal((Trace, CartSpan), (input.Records[1].TraceId, input.Records[1].SpanId));
        Assert.Contains("1 log lines had their trace id only in their text: joined to that request.", InputReport.Notes(input));
    }
}
