using System.Text;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// What real Collector exports hold beyond the textbook request: counters that restart, summaries, staleness markers,
/// long attribute sets, nulls, the names before OTLP 0.15, severity words of other loggers.
/// </summary>
public sealed class OtlpCollectorExportTests : IDisposable
{
    private const string Resource = OtlpLines.Resource;
    private const long Start = OtlpLines.Start;
    private const long Minute = 60_000_000_000;

    private readonly string _folder = Directory.CreateTempSubdirectory("otlp-collector-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_counter_that_falls_or_starts_again_was_reset_and_its_increase_is_what_it_counted_since()
    {
        var before = Start - (10 * Minute);
        var (records, rejects) = Read(Sum(
            Point(before, Start, 100),
            Point(before, Start + Minute, 110),
            // The process restarted: the counter fell to 30.
            Point(Start + (100 * 1_000_000_000L), Start + (2 * Minute), 30),
            Point(Start + (100 * 1_000_000_000L), Start + (3 * Minute), 50),
            // Restarted again, and counted past where it was: only the new start says so.
            Point(Start + (190 * 1_000_000_000L), Start + (4 * Minute), 90)));

        Assert.Equal([10.0, 30.0, 20.0, 90.0], records.Select(record => record.Value));
        Assert.Equal(0, rejects.Count);
        // The first point is the base of the next, said as such, not lost without a word.
        Assert.Equal(1, rejects.CumulativeBases);
    }

    [Theory]
    [InlineData("k8s.pod.uid", "5f1c-aa", "5f1c-aa")]
    [InlineData("aws.ecs.task.arn", "arn:aws:ecs:eu-west-1:123456789012:task/shop/0f3a9c1e2b", "0f3a9c1e2b")]
    [InlineData("faas.instance", "2021/06/28/[$LATEST]2f399eb14537447da05ab2a2e39309de", "2021/06/28/[$LATEST]2f399eb14537447da05ab2a2e39309de")]
    [InlineData("container.id", "a3bf90e006b2", "a3bf90e006b2")]
    public void A_replica_named_by_its_pod_task_function_or_container_is_an_instance_before_its_host(string key, string value, string instance)
    {
        // Tasks on one EC2 host, containers on one node: the host is shared, so it names a replica only when nothing else does.
        var resource = $$$"""{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}},{"key":"host.name","value":{"stringValue":"ip-10-0-1-7"}},{"key":"{{{key}}}","value":{"stringValue":"{{{value}}}"}}]}""";
        var hostOnly = """{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}},{"key":"host.name","value":{"stringValue":"ip-10-0-1-7"}}]}""";
        var gauge = $$$"""{"name":"cpu","gauge":{"dataPoints":[{"timeUnixNano":"{{{Start}}}","asDouble":0.5}]}}""";

        var (records, _) = Read(
            "{\"resourceMetrics\":[" + resource + ",\"scopeMetrics\":[{\"metrics\":[" + gauge + "]}]}]}",
            "{\"resourceMetrics\":[" + hostOnly + ",\"scopeMetrics\":[{\"metrics\":[" + gauge + "]}]}]}");

        Assert.Equal([instance, "ip-10-0-1-7"], records.Select(record => record.Instance));
    }

    [Fact]
    public void Replicas_that_name_no_instance_each_count_on_in_their_own_stream()
    {
        // Two replicas of cart, neither naming an instance, export in turn: each counter counts from its own start.
        var (first, second) = (Start - (10 * Minute), Start - (8 * Minute));
        var (records, rejects) = Read(
            Sum(Point(first, Start, 100)),
            Sum(Point(second, Start + (Minute / 2), 1000)),
            Sum(Point(first, Start + Minute, 110)),
            Sum(Point(second, Start + (3 * Minute / 2), 1004)),
            Sum(Point(first, Start + (2 * Minute), 125)),
            Sum(Point(second, Start + (5 * Minute / 2), 1010)));

        // Not 1000, 110, 1004, 125, 1010: each point read as a restart of the other replica's counter.
        Assert.Equal([10.0, 4.0, 15.0, 6.0], records.Select(record => record.Value));
        Assert.Equal(2, rejects.CumulativeBases);
    }

    [Fact]
    public void Rotated_files_given_in_any_order_continue_each_others_counters()
    {
        // The file exporter's rotation: the older points in a backup file, the newer in the current one, given newest first.
        var before = Start - (10 * Minute);
        var current = Path.Combine(_folder, "requests.jsonl");
        var backup = Path.Combine(_folder, "requests-2026-01-05T00-02-00.000.jsonl");
        File.WriteAllLines(backup, [Sum(Point(before, Start, 100)), Sum(Point(before, Start + Minute, 110))]);
        File.WriteAllLines(current, [Sum(Point(before, Start + (2 * Minute), 125)), Sum(Point(before, Start + (3 * Minute), 130))]);

        var input = TelemetryInputReader.Read([current, backup], (_, _) => { }, CancellationToken.None);

        // Not a base in each file, nor 125 → 100 read as a reset: one series counting on.
        Assert.Equal([10.0, 15.0, 5.0], input.Records.Select(record => record.Value));
        Assert.Equal(1, input.Rejects.CumulativeBases);
    }

    [Fact]
    public void An_export_missed_is_no_spike_the_increase_over_it_is_taken_per_usual_interval()
    {
        var before = Start - (10 * Minute);

        var (records, _) = Read(Sum(
            Point(before, Start, 100), Point(before, Start + Minute, 110), Point(before, Start + (2 * Minute), 120),
            // The exports of the next two minutes were lost: 30 counted over three.
            Point(before, Start + (5 * Minute), 150), Point(before, Start + (6 * Minute), 160)));

        Assert.Equal([10.0, 10.0, 10.0, 10.0], records.Select(record => record.Value));
    }

    [Fact]
    public void Points_written_out_of_order_are_read_in_time_order()
    {
        var before = Start - (10 * Minute);

        var (records, rejects) = Read(
            Sum(Point(before, Start, 100), Point(before, Start + (2 * Minute), 130)),
            Sum(Point(before, Start + Minute, 110)));

        Assert.Equal([10.0, 20.0], records.Select(record => record.Value));
        Assert.Equal(1, rejects.CumulativeBases);
    }

    [Fact]
    public void A_summary_is_cumulative_so_its_interval_is_the_difference_of_two_points()
    {
        var summary = $$$"""{"name":"gc","summary":{"dataPoints":[{"startTimeUnixNano":"{{{Start - Minute}}}","timeUnixNano":"{{{Start}}}","count":"100","sum":1000},{"startTimeUnixNano":"{{{Start - Minute}}}","timeUnixNano":"{{{Start + Minute}}}","count":"110","sum":1200}]}}""";

        var (records, _) = Read(Metrics(summary));

        Assert.Equal([("gc.count", 10.0), ("gc.mean", 20.0)], records.Select(record => (record.Name, record.Value)));
    }

    [Fact]
    public void A_staleness_marker_is_no_reading_and_does_not_move_the_counters_base()
    {
        var histogram = $$$"""{"name":"lat","histogram":{"aggregationTemporality":2,"dataPoints":[{"timeUnixNano":"{{{Start}}}","count":"5000","sum":50000},{"timeUnixNano":"{{{Start + Minute}}}","count":"5010","sum":50100},{"timeUnixNano":"{{{Start + (2 * Minute)}}}","flags":1},{"timeUnixNano":"{{{Start + (3 * Minute)}}}","count":"5020","sum":50200}]}}""";

        var (records, rejects) = Read(Metrics(histogram));

        // The last 10 were counted over the two minutes the marker left without a reading: 5 a usual interval.
        Assert.Equal([10.0, 5.0], records.Where(record => record.Name == "lat.count").Select(record => record.Value));
        Assert.Equal([10.0, 10.0], records.Where(record => record.Name == "lat.mean").Select(record => record.Value));
        Assert.Equal(0, rejects.Count);
        Assert.Equal([("lat", 1L)], rejects.Valueless.ByMetric);
        Assert.EndsWith("histogram.dataPoints[2].flags", rejects.Valueless.First, StringComparison.Ordinal);
    }

    [Fact]
    public void A_histogram_without_a_sum_has_a_count_but_no_mean()
    {
        var histogram = $$$"""{"name":"lat","histogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"{{{Start}}}","count":"4","bucketCounts":["1","3"],"explicitBounds":[5]}]}}""";

        var (records, _) = Read(Metrics(histogram));

        Assert.Equal([("lat.count", 4.0)], records.Select(record => (record.Name, record.Value)));
    }

    [Fact]
    public void Two_long_series_names_that_differ_only_at_their_end_stay_two_series()
    {
        var attributes = string.Join(',', Enumerable.Range(0, 12).Select(i => $$$"""{"key":"attribute.number.{{{i}}}","value":{"stringValue":"a-fairly-long-value"}}"""));
        string Gauge(string scheme) =>
            $$$"""{"name":"http.server.requests","gauge":{"dataPoints":[{"timeUnixNano":"{{{Start}}}","asInt":"1","attributes":[{{{attributes}}},{"key":"url.scheme","value":{"stringValue":"{{{scheme}}}"}}]}]}}""";

        var (records, _) = Read(Metrics(Gauge("https") + "," + Gauge("http")));

        Assert.Equal(2, records.Select(record => record.Name).Distinct().Count());
        Assert.All(records, record => Assert.True(record.Name.Length <= 200, record.Name));
    }

    [Fact]
    public void Nulls_are_absent_fields_and_the_names_before_otlp_0_15_are_read()
    {
        var span = $$$"""{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":null,"name":"GET","startTimeUnixNano":"{{{Start}}}","endTimeUnixNano":"{{{Start + 250_000_000}}}","status":null}""";
        var old = "{\"resourceSpans\":[" + Resource + ",\"instrumentationLibrarySpans\":[{\"instrumentationLibrary\":{\"name\":\"x\"},\"spans\":[" + span + "]}]}]}";

        var (records, rejects) = Read(old);

        Assert.Equal(0, rejects.Count);
        var read = Assert.Single(records);
        Assert.Equal((TelemetryKind.Span, 250.0, SpanStatus.Ok, null), (read.Kind, read.Value, read.Status, read.ParentSpanId));
    }

    [Theory]
    [InlineData("ERROR2", LogLevel.Error)]
    [InlineData("FATAL4", LogLevel.Error)]
    [InlineData("crit", LogLevel.Error)]
    [InlineData("SEVERE", LogLevel.Error)]
    [InlineData("WARN3", LogLevel.Warn)]
    [InlineData("DEBUG2", LogLevel.Debug)]
    [InlineData("notice", LogLevel.Info)]
    public void Severity_words_of_other_loggers_and_otlps_numbered_names_are_read_as_their_level(string text, LogLevel level)
    {
        var log = $$$"""{"timeUnixNano":"{{{Start}}}","severityText":"{{{text}}}","body":{"stringValue":"x"}}""";

        var (records, _) = Read(OtlpLines.Logs(log));

        Assert.Equal(level, Assert.Single(records).Level);
    }

    [Fact]
    public void A_log_record_is_named_by_its_event_name_field_or_attribute_else_log()
    {
        var named = $$$"""{"timeUnixNano":"{{{Start}}}","eventName":"payment.declined","attributes":[{"key":"event.name","value":{"stringValue":"other"}}],"body":{"stringValue":"x"}}""";
        var attributed = $$$"""{"timeUnixNano":"{{{Start}}}","attributes":[{"key":"user","value":{"stringValue":"u1"}},{"key":"event.name","value":{"stringValue":"order.failed"}}],"body":{"stringValue":"x"}}""";
        var plain = $$$"""{"timeUnixNano":"{{{Start}}}","eventName":"","body":{"stringValue":"x"}}""";
        // Attributes the reader has no use for, malformed, cost the record nothing.
        var odd = $$$"""{"timeUnixNano":"{{{Start}}}","attributes":["user",{"key":"event.name","value":"not an AnyValue"}],"body":{"stringValue":"x"}}""";

        var (records, rejects) = Read(OtlpLines.Logs(named, attributed, plain, odd));

        Assert.Equal(["payment.declined", "order.failed", "log", "log"], records.Select(record => record.Name));
        Assert.Equal(0, rejects.Count);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_in_a_log_body_are_read_as_replacement_characters_not_lost_with_their_line()
    {
        var path = Path.Combine(_folder, "latin1.jsonl");
        var line = Encoding.UTF8.GetBytes(OtlpLines.Logs($$$"""{"timeUnixNano":"{{{Start}}}","body":{"stringValue":"caf#"}}"""));
        line[Array.IndexOf(line, (byte)'#')] = 0xE9; // é in Latin-1, not UTF-8
        File.WriteAllBytes(path, [.. line, (byte)'\n']);
        var records = new List<TelemetryRecord>();
        var rejects = new InputRejects();

        InputFiles.Read(path, records, new StringPool(), rejects, pending: null, CancellationToken.None);

        Assert.Equal(0, rejects.Count);
        Assert.Equal("caf\uFFFD", Assert.Single(records).Message);
    }

    [Fact]
    public void An_empty_first_line_does_not_make_the_file_csv()
    {
        var (records, _) = Read("", Metrics($$$"""{"name":"cpu","gauge":{"dataPoints":[{"timeUnixNano":"{{{Start}}}","asDouble":0.5}]}}"""));

        Assert.Equal(0.5, Assert.Single(records).Value);
    }

    [Fact]
    public void A_structured_log_body_nested_a_hundred_deep_is_read_not_called_invalid_json()
    {
        var body = string.Concat(Enumerable.Repeat("{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":", 100)) + "{\"stringValue\":\"deep\"}"
            + string.Concat(Enumerable.Repeat("}]}}", 100));
        var log = $$$"""{"timeUnixNano":"{{{Start}}}","body":{{{body}}}}""";

        var (records, rejects) = Read(OtlpLines.Logs(log));

        Assert.Equal(0, rejects.Count);
        Assert.Contains("deep", Assert.Single(records).Message);
    }

    [Fact]
    public void A_zstd_file_from_the_file_exporter_is_refused_saying_what_it_is_and_what_to_do()
    {
        var path = Path.Combine(_folder, "traces.zst");
        File.WriteAllBytes(path, [0x20, 0, 0, 0, 0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00]);

        var error = Assert.Throws<InputFileException>(() => InputFiles.Read(path, [], new StringPool(), new InputRejects(), pending: null, CancellationToken.None));

        Assert.Contains("it is zstd-compressed (the Collector's file exporter with compression: zstd)", error.Message);
    }

    private (List<TelemetryRecord> Records, InputRejects Rejects) Read(params string[] lines) => OtlpLines.Read(_folder, lines);

    private static string Point(long start, long time, long value) =>
        $$$"""{"startTimeUnixNano":"{{{start}}}","timeUnixNano":"{{{time}}}","asInt":"{{{value}}}"}""";

    private static string Sum(params string[] points) =>
        Metrics("{\"name\":\"requests\",\"sum\":{\"aggregationTemporality\":2,\"isMonotonic\":true,\"dataPoints\":[" + string.Join(',', points) + "]}}");

    private static string Metrics(string metrics) => OtlpLines.Metrics(metrics);
}
