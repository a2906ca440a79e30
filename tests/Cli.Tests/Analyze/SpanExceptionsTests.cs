using System.Globalization;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// Exceptions recorded on spans (OTLP's span events, Jaeger's span logs, Zipkin's annotations, X-Ray's causes) read as
/// ERROR log lines of their spans, for the services whose own log lines the input does not hold.
/// </summary>
public sealed class SpanExceptionsTests : IDisposable
{
    private const string TraceId = "5b8efff798038103d269b633813fc60c";
    private const long StartNanos = 1_767_571_200_000_000_000;
    private const long StartMicros = StartNanos / 1000;
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private readonly InputFolder _inputs = new();

    /// <summary>cart's span, with the events given; cart runs as pod cart-1.</summary>
    private static string OtlpSpan(string events) => $$$"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}},{"key":"k8s.pod.name","value":{"stringValue":"cart-1"}}]},
         "scopeSpans":[{"spans":[{"traceId":"{{{TraceId}}}","spanId":"eee19b7ec3c1b175","name":"GetCart",
          "startTimeUnixNano":"{{{StartNanos}}}","endTimeUnixNano":"{{{StartNanos + 200_000_000}}}","status":{"code":2},"events":{{{events}}} }]}]}]}
        """.ReplaceLineEndings("");

    private static string ExceptionEvent(long nanos, string type, string message) => $$$"""
        {"timeUnixNano":"{{{nanos}}}","name":"exception","attributes":[
         {"key":"exception.type","value":{"stringValue":"{{{type}}}"}},{"key":"exception.message","value":{"stringValue":"{{{message}}}"}},
         {"key":"exception.stacktrace","value":{"stringValue":"{{{type}}}: {{{message}}}\n\tat Cart.Get(Cart.java:12)"}}]}
        """.ReplaceLineEndings("");

    /// <summary>A log line of <paramref name="service"/>, as the MELT CSV gives it.</summary>
    private string LogCsv(string service) => _inputs.Write("logs.csv",
        "record_id,timestamp,kind,service,instance,name,value,level,status,trace_id,span_id,parent_span_id,message",
        $"1,2026-01-05T00:00:00.500Z,log,{service},{service}-1,log,0,INFO,,,,,started");

    [Fact]
    public void An_otlp_exception_event_is_an_error_log_line_of_its_span_and_other_events_are_not_read()
    {
        var events = $$$"""[{"timeUnixNano":"{{{StartNanos + 1_000}}}","name":"cache miss"},{{{ExceptionEvent(StartNanos + 150_000_000, "java.net.SocketTimeoutException", "Read timed out\\nafter 150 ms")}}}]""";

        var (records, rejects) = InputFolder.Read(_inputs.Write("traces.jsonl", OtlpSpan(events)));

        Assert.Equal(0, rejects.Count);
        Assert.Equal(2, records.Count);
        var line = records[1];
        Assert.Equal(
            (TelemetryKind.Log, "cart", "cart-1", "exception", LogLevel.Error, TraceId, "eee19b7ec3c1b175", Start.AddMilliseconds(150)),
            (line.Kind, line.Service, line.Instance, line.Name, line.Level, line.TraceId, line.SpanId, line.Timestamp));
        Assert.Equal("java.net.SocketTimeoutException: Read timed out", line.Message);
    }

    [Fact]
    public void Exceptions_are_read_only_for_services_whose_log_lines_the_input_does_not_hold_and_the_input_report_says_which()
    {
        var traces = _inputs.Write("traces.jsonl", OtlpSpan($"[{ExceptionEvent(StartNanos + 1_000, "IllegalStateException", "no cart")}]"));

        var unlogged = TelemetryInputReader.Read([traces, LogCsv("frontend")], (_, _) => { }, CancellationToken.None);
        var logged = TelemetryInputReader.Read([traces, LogCsv("cart")], (_, _) => { }, CancellationToken.None);

        Assert.Contains(unlogged.Records, static r => r is { Kind: TelemetryKind.Log, Service: "cart", Message: "IllegalStateException: no cart" });
        Assert.Equal((1L, 0L), (unlogged.SpanExceptions.Read, unlogged.SpanExceptions.LeftToLogs));
        Assert.Equal(["cart"], unlogged.SpanExceptions.Services);
        Assert.Contains("Exceptions recorded on spans: 1 read as ERROR log lines of their spans, for the services without log lines of their own ('cart').", InputReport.Notes(unlogged));

        Assert.DoesNotContain(logged.Records, static r => r is { Kind: TelemetryKind.Log, Name: "exception" });
        Assert.Equal((0L, 1L), (logged.SpanExceptions.Read, logged.SpanExceptions.LeftToLogs));
        Assert.Equal(["cart"], logged.SpanExceptions.LoggedServices);
        Assert.Contains("Exceptions recorded on spans: 1 left to their services' own log lines ('cart').", InputReport.Notes(logged));
    }

    [Fact]
    public void An_exception_event_without_a_time_is_rejected_alone_naming_its_field_and_the_span_is_kept()
    {
        var events = $"""[{ExceptionEvent(0, "IllegalStateException", "no cart")}]""";

        var (records, rejects) = InputFolder.Read(_inputs.Write("traces.jsonl", OtlpSpan(events)));

        var span = Assert.Single(records);
        Assert.Equal(TelemetryKind.Span, span.Kind);
        Assert.Equal(1, rejects.Count);
        Assert.Contains("resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano", Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void Jaeger_span_logs_of_opentelemetry_and_opentracing_exceptions_are_read_and_other_logs_are_not()
    {
        var trace = $$$"""
            {"data":[{"traceID":"{{{TraceId}}}","spans":[
              {"traceID":"{{{TraceId}}}","spanID":"eee19b7ec3c1b175","operationName":"GetCart","references":[],"startTime":{{{StartMicros}}},"duration":200000,
               "tags":[{"key":"error","type":"bool","value":true}],"processID":"p1","logs":[
                {"timestamp":{{{StartMicros + 100}}},"fields":[{"key":"event","type":"string","value":"cache miss"}]},
                {"timestamp":{{{StartMicros + 1_000}}},"fields":[{"key":"event","type":"string","value":"exception"},
                  {"key":"exception.type","type":"string","value":"java.net.SocketTimeoutException"},{"key":"exception.message","type":"string","value":"Read timed out"}]},
                {"timestamp":{{{StartMicros + 2_000}}},"fields":[{"key":"event","type":"string","value":"error"},
                  {"key":"error.kind","type":"string","value":"RedisException"},{"key":"message","type":"string","value":"connection refused"}]},
                {"timestamp":"soon","fields":[{"key":"event","type":"string","value":"error"}]}]}],
             "processes":{"p1":{"serviceName":"cart","tags":[{"key":"hostname","type":"string","value":"cart-1"}]} } }]}
            """;

        var (records, rejects) = InputFolder.Read(_inputs.Write("traces.json", trace));

        Assert.Equal(
            [
                (Start.AddMilliseconds(1), "java.net.SocketTimeoutException: Read timed out"),
                (Start.AddMilliseconds(2), "RedisException: connection refused"),
            ],
            records.Where(static r => r.Kind == TelemetryKind.Log).Select(static r => (r.Timestamp, r.Message)));
        Assert.All(records.Where(static r => r.Kind == TelemetryKind.Log), static r => Assert.Equal(("cart-1", "eee19b7ec3c1b175", LogLevel.Error), (r.Instance, r.SpanId, r.Level)));
        Assert.Contains("data[0].spans[0].logs[3].timestamp", Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void A_zipkin_exception_annotation_is_read_escaped_as_json_or_unescaped_as_opentelemetry_java_writes_it()
    {
        var escaped = """\"exception\":{\"exception.type\":\"RedisException\",\"exception.message\":\"said \\\"no\\\"\"}""";
        var unescaped = """\"exception\":{\"exception.escaped\":false,\"exception.message\":\"key \"cart:7\" missing\",\"exception.stacktrace\":\"RedisException: at X\",\"exception.type\":\"RedisException\"}""";
        var trace = $$$"""
            [{"traceId":"{{{TraceId}}}","id":"eee19b7ec3c1b175","name":"getcart","timestamp":{{{StartMicros}}},"duration":200000,
              "localEndpoint":{"serviceName":"cart","ipv4":"10.0.0.9"},"tags":{"error":"true"},"annotations":[
               {"timestamp":{{{StartMicros + 1_000}}},"value":"{{{escaped}}}"},
               {"timestamp":{{{StartMicros + 1_500}}},"value":"retrying"},
               {"timestamp":{{{StartMicros + 2_000}}},"value":"{{{unescaped}}}"}]}]
            """;

        var (records, rejects) = InputFolder.Read(_inputs.Write("trace.json", trace));

        Assert.Equal(0, rejects.Count);
        Assert.Equal(
            [
                ("10.0.0.9", Start.AddMilliseconds(1), "RedisException: said \"no\""),
                ("10.0.0.9", Start.AddMilliseconds(2), "RedisException: key \"cart:7\" missing"),
            ],
            records.Where(static r => r.Kind == TelemetryKind.Log).Select(static r => (r.Instance, r.Timestamp, r.Message)));
    }

    [Fact]
    public void Xray_causes_are_read_at_their_segments_end_and_a_cause_naming_a_subsegments_exception_is_not_read_twice()
    {
        var start = (Start - DateTime.UnixEpoch).TotalSeconds;
        var segment = string.Create(CultureInfo.InvariantCulture, $$$"""
            {"id":"70de5b6f19ff9a0a","name":"cart","trace_id":"1-695afc00-bd862e3fe1be46a994272793","start_time":{{{start}}},"end_time":{{{start + 0.25}}},
             "fault":true,"cause":"4fe8a1b2c3d4e5f6","subsegments":[
              {"id":"70de5b6f19ff9a0b","name":"redis","namespace":"remote","start_time":{{{start + 0.01}}},"end_time":{{{start + 0.2}}},"fault":true,
               "cause":{"working_directory":"/app","exceptions":[{"id":"4fe8a1b2c3d4e5f6","type":"RedisException","message":"connection refused","remote":true}]}}]}
            """).ReplaceLineEndings("");

        var (records, rejects) = InputFolder.Read(_inputs.Write("segments.jsonl", segment));

        Assert.Equal(0, rejects.Count);
        var line = Assert.Single(records, static r => r.Kind == TelemetryKind.Log);
        Assert.Equal(
            ("cart", Start.AddMilliseconds(200), "695afc00bd862e3fe1be46a994272793", "70de5b6f19ff9a0b", "RedisException: connection refused"),
            (line.Service, line.Timestamp, line.TraceId, line.SpanId, line.Message));
    }

    public void Dispose() => _inputs.Dispose();

}
