using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>An OTLP span, log record or point that cannot be a record is rejected on its own, named by line and field; the rest of its line is kept.</summary>
public sealed class OtlpRejectsTests : IDisposable
{
    private const string Resource = OtlpLines.Resource;
    private const long Start = OtlpLines.Start;

    private readonly string _folder = Directory.CreateTempSubdirectory("otlp-rejects-").FullName;

    [Fact]
    public void A_log_record_with_no_time_is_rejected_not_placed_in_1970()
    {
        var (records, rejects) = Read(Logs(
            $"{{\"timeUnixNano\":\"{Start}\",\"body\":{{\"stringValue\":\"first\"}}}}",
            """{"body":{"stringValue":"timeless"}}""",
            $"{{\"observedTimeUnixNano\":\"{Start + 1_000_000_000}\",\"body\":{{\"stringValue\":\"observed\"}}}}"));

        Assert.Equal(["first", "observed"], records.Select(record => record.Message));
        Assert.All(records, record => Assert.True(record.Timestamp.Year == 2026));
        Assert.Equal(1, rejects.Count);
        Assert.EndsWith(
            "line 1, resourceLogs[0].scopeLogs[0].logRecords[1].timeUnixNano: missing, and so is observedTimeUnixNano: a log record cannot be placed in time",
            Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void Points_that_are_infinite_or_have_no_reading_are_rejected_and_named_like_csv_rows_and_NaN_is_a_gap()
    {
        var (records, rejects) = Read(Gauge(
            $$"""{"timeUnixNano":"{{Start}}","asDouble":0.5}""",
            $$"""{"timeUnixNano":"{{Start}}","asDouble":"NaN"}""",
            $$"""{"timeUnixNano":"{{Start}}","asDouble":"Infinity"}""",
            $$"""{"timeUnixNano":"{{Start}}"}""",
            $$"""{"timeUnixNano":"{{Start}}","asInt":"7"}"""));

        Assert.Equal([0.5, 7.0], records.Select(record => record.Value));
        Assert.Equal(2, rejects.Count);
        Assert.Equal(
            [
                "metrics[0].gauge.dataPoints[2].asDouble: 'Infinity' is not a number (a metric's reading)",
                "metrics[0].gauge.dataPoints[3].asDouble: missing, and so is asInt: the point has no reading",
            ],
            rejects.Reasons.Select(reason => reason[reason.IndexOf("metrics[0].gauge", StringComparison.Ordinal)..]));
        // A NaN reading is a reading not taken, as a CSV row's nan is.
        Assert.Equal(1, rejects.Valueless.Count);
        Assert.EndsWith("metrics[0].gauge.dataPoints[1].asDouble", rejects.Valueless.First, StringComparison.Ordinal);
    }

    [Fact]
    public void A_span_that_ends_before_it_starts_is_rejected_not_given_no_duration()
    {
        var (records, rejects) = Read(Spans(Span(Start, Start + 5_000_000), Span(Start, Start - 1)));

        Assert.Equal(5.0, Assert.Single(records).Value);
        Assert.Contains("spans[1].endTimeUnixNano: 1767571199999999999 is before the span's start (1767571200000000000)", Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void One_bad_start_time_loses_its_span_only_not_the_line()
    {
        var spans = Enumerable.Range(0, 205).Select(i => Span(Start + i, Start + i + 1_000_000)).ToArray();
        spans[17] = spans[17].Replace($"\"startTimeUnixNano\":\"{Start + 17}\"", "\"startTimeUnixNano\":\"abc\"", StringComparison.Ordinal);

        var (records, rejects) = Read(Spans(spans));

        Assert.Equal(204, records.Count);
        Assert.Equal(1, rejects.Count);
        Assert.EndsWith("line 1, resourceSpans[0].scopeSpans[0].spans[17].startTimeUnixNano: 'abc' is not a whole number of nanoseconds since 1970", Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void A_line_without_the_otlp_shape_is_left_out_whole_with_the_records_it_held_counted()
    {
        var good = Spans(Span(Start, Start + 1_000_000));
        var point = $$"""{"timeUnixNano":"{{Start}}","asInt":"1"}""";
        var misshapen = "{\"resourceMetrics\":[" + Resource + ",\"scopeMetrics\":[{\"metrics\":["
            + "{\"name\":\"requests\",\"gauge\":{\"dataPoints\":[" + point + "]}},"
            + "{\"name\":\"requests\",\"sum\":{\"aggregationTemporality\":2,\"isMonotonic\":\"yes\",\"dataPoints\":[" + point + "," + point + "]}}"
            + "]}]}]}";

        var (records, rejects) = Read(good, misshapen);

        Assert.Equal(TelemetryKind.Span, Assert.Single(records).Kind);
        Assert.Equal(3, rejects.Count);
        Assert.Contains("line 2, line: does not have the OTLP shape", Assert.Single(rejects.Reasons));
        Assert.Contains("all 3 spans, log records and metric points on it are left out", rejects.Reasons[0]);
    }

    [Fact]
    public void A_json_array_of_export_requests_on_a_line_is_read_as_otlp()
    {
        var (records, rejects) = Read($"[{Spans(Span(Start, Start + 1_000_000))},{Gauge($$"""{"timeUnixNano":"{{Start}}","asDouble":1.5}""")}]");

        Assert.Equal(0, rejects.Count);
        Assert.Equal([TelemetryKind.Span, TelemetryKind.Metric], records.Select(record => record.Kind));
    }

    [Fact]
    public void Otlp_with_protobuf_field_names_is_refused_saying_what_otlp_json_spells()
    {
        var error = Assert.Throws<InputFileException>(() => Read("""{"resource_spans":[{"scope_spans":[{"spans":[]}]}]}"""));

        Assert.Contains("protobuf's field names (resource_spans); OTLP/JSON spells its keys in lowerCamelCase (resourceSpans", error.Message);
    }

    [Fact]
    public void Json_that_is_not_otlp_is_refused_rather_than_read_as_csv()
    {
        var error = Assert.Throws<InputFileException>(() => Read("""{"data":[{"traceID":"5b8efff798038103"}]}"""));

        Assert.Contains("it starts with JSON of no kind analyze reads", error.Message);
    }

    private (List<TelemetryRecord> Records, InputRejects Rejects) Read(params string[] lines) => OtlpLines.Read(_folder, lines);

    private static string Logs(params string[] logRecords) => OtlpLines.Logs(logRecords);

    private static string Gauge(params string[] points) =>
        OtlpLines.Metrics("{\"name\":\"cpu\",\"gauge\":{\"dataPoints\":[" + string.Join(',', points) + "]}}");

    private static string Spans(params string[] spans) => OtlpLines.Spans(spans);

    private static string Span(long start, long end) =>
        $$"""{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET /cart","startTimeUnixNano":"{{start}}","endTimeUnixNano":"{{end}}"}""";

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
