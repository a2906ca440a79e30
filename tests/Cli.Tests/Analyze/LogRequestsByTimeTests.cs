using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Log lines that name no request, joined to the request their pod was serving when they were written.</summary>
public sealed class LogRequestsByTimeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("log-times-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);
    private const string First = "6f3cbf058c2765548a39ad724905d6a1";
    private const string Second = "0123456789abcdef0123456789abcdef";

    private static TelemetryRecord Span(double ms, double durationMs, string trace, string span, string? parent = null, string pod = "cart-1") =>
        new(0, Start.AddMilliseconds(ms), TelemetryKind.Span, "cart", pod, "GetCart", durationMs, TraceId: trace, SpanId: span, ParentSpanId: parent);

    private static TelemetryRecord Line(double ms, string? trace = null, string? span = null, string pod = "cart-1") =>
        new(0, Start.AddMilliseconds(ms), TelemetryKind.Log, "cart", pod, "log", 0, LogLevel.Info, TraceId: trace, SpanId: span, Message: "cart read");

    /// <summary>The records in time order with ids 0, 1, 2, ... as the input reader hands them on.</summary>
    private static List<TelemetryRecord> InOrder(params TelemetryRecord[] records) =>
        [.. records.OrderBy(static r => r.Timestamp).Select(static (r, i) => r with { RecordId = i })];

    private static TelemetryRecord LineAt(List<TelemetryRecord> records, double ms) =>
        records.Single(r => r.Kind == TelemetryKind.Log && r.Timestamp == Start.AddMilliseconds(ms));

    [Fact]
    public void A_line_joins_the_innermost_span_of_the_one_request_its_pod_was_serving()
    {
        var records = InOrder(
            Span(0, 100, First, "aaaaaaaaaaaaaaaa"),
            Span(10, 20, First, "bbbbbbbbbbbbbbbb", parent: "aaaaaaaaaaaaaaaa"),
            Line(15),
            Line(50));

        var outcome = LogRequestsByTime.Join(records);

        Assert.Equal((First, "bbbbbbbbbbbbbbbb"), (LineAt(records, 15).TraceId, LineAt(records, 15).SpanId));
        Assert.Equal((First, "aaaaaaaaaaaaaaaa"), (LineAt(records, 50).TraceId, LineAt(records, 50).SpanId));
        Assert.Equal((2L, 0L, 0L, 1), (outcome.Joined, outcome.AmongSeveral, outcome.NoRequest, outcome.Services));
    }

    [Fact]
    public void A_line_written_while_the_pod_served_two_requests_joins_the_one_begun_last()
    {
        var records = InOrder(
            Span(0, 100, First, "aaaaaaaaaaaaaaaa"),
            Span(40, 100, Second, "cccccccccccccccc"),
            Line(20),
            Line(60),
            Line(120));

        var outcome = LogRequestsByTime.Join(records);

        Assert.Equal((Second, "cccccccccccccccc"), (LineAt(records, 60).TraceId, LineAt(records, 60).SpanId));
        Assert.Equal((3L, 1L), (outcome.Joined, outcome.AmongSeveral));
    }

    [Fact]
    public void A_pod_most_of_whose_lines_fell_among_several_requests_is_named_and_not_joined()
    {
        var records = InOrder(
            Span(0, 100, First, "aaaaaaaaaaaaaaaa"),
            Span(10, 100, Second, "cccccccccccccccc"),
            Line(5),
            Line(50),
            Line(60),
            Line(105));

        var outcome = LogRequestsByTime.Join(records);

        Assert.All(records.Where(static r => r.Kind == TelemetryKind.Log), line => Assert.Null(line.TraceId));
        Assert.Equal(["cart-1"], outcome.Crowded);
        Assert.Equal(0, outcome.Joined);
    }

    [Fact]
    public void A_line_written_while_its_pod_served_nothing_is_left_as_it_is()
    {
        var records = InOrder(
            Span(0, 10, First, "aaaaaaaaaaaaaaaa"),
            Span(100, 10, Second, "cccccccccccccccc"),
            Line(5),
            Line(10.5),
            Line(105),
            Line(50));

        var outcome = LogRequestsByTime.Join(records);

        // Half a millisecond past a span's end is still in it (stamps rounded to the millisecond); 40 ms is not.
        Assert.Equal(First, LineAt(records, 10.5).TraceId);
        Assert.Null(LineAt(records, 50).TraceId);
        Assert.Null(LineAt(records, 50).SpanId);
        Assert.Equal((3L, 1L), (outcome.Joined, outcome.NoRequest));
    }

    [Fact]
    public void Lines_of_a_service_whose_logger_writes_ids_are_not_joined_by_time()
    {
        var records = InOrder(
            Span(0, 100, First, "aaaaaaaaaaaaaaaa"),
            Line(10, First, "aaaaaaaaaaaaaaaa"),
            Line(20));

        var outcome = LogRequestsByTime.Join(records);

        // Written outside a request (a scheduled job): had a request written it, the logger would have put its ids in.
        Assert.Null(LineAt(records, 20).TraceId);
        Assert.Equal(0, outcome.Joined);
        Assert.Empty(outcome.ClocksApart);
    }

    [Fact]
    public void Only_a_pods_own_spans_place_its_lines()
    {
        var records = InOrder(
            Span(0, 100, First, "aaaaaaaaaaaaaaaa", pod: "cart-1"),
            Line(50, pod: "cart-2"));

        var outcome = LogRequestsByTime.Join(records);

        Assert.Null(LineAt(records, 50).TraceId);
        Assert.Equal(0, outcome.Joined);
    }

    [Fact]
    public void Lines_of_requests_not_traced_stay_apart_and_the_traced_ones_lines_are_joined()
    {
        // Head sampling kept one request in three: the others' lines fall where the pod has no span.
        var records = InOrder(
            Span(1_001, 100, First, "aaaaaaaaaaaaaaaa"),
            Span(4_001, 100, Second, "cccccccccccccccc"),
            Line(1_050),
            Line(2_050),
            Line(3_050),
            Line(4_050),
            Line(5_050),
            Line(6_050));

        var outcome = LogRequestsByTime.Join(records);

        Assert.Equal(First, LineAt(records, 1_050).TraceId);
        Assert.Equal(Second, LineAt(records, 4_050).TraceId);
        Assert.Null(LineAt(records, 2_050).TraceId);
        Assert.Empty(outcome.Moved);
        Assert.Equal((2L, 4L), (outcome.Joined, outcome.NoRequest));
    }

    [Fact]
    public void A_pod_whose_lines_lie_in_its_spans_no_more_than_by_chance_is_named_and_not_joined()
    {
        // The lines seconds from any span, at no time zone's offset from one: their times say nothing of which request wrote them.
        var records = InOrder(
            Span(1, 100, First, "aaaaaaaaaaaaaaaa"),
            Span(50_001, 100, Second, "cccccccccccccccc"),
            Line(25_011),
            Line(30_021),
            Line(36_051));

        var outcome = LogRequestsByTime.Join(records);

        Assert.All(records.Where(static r => r.Kind == TelemetryKind.Log), line => Assert.Null(line.TraceId));
        Assert.Equal(["cart-1"], outcome.ClocksApart);
        Assert.Equal((0L, 0L), (outcome.Joined, outcome.NoRequest));
    }

    [Fact]
    public void Lines_written_in_local_time_and_read_as_utc_are_moved_by_their_zones_offset_and_joined()
    {
        var hour = 3_600_000.0;
        var records = InOrder(
            Span(1, 100, First, "aaaaaaaaaaaaaaaa"),
            Span(2_001, 100, Second, "cccccccccccccccc"),
            Line(hour + 50),
            Line(hour + 2_050),
            Line(hour + 2_500));

        var outcome = LogRequestsByTime.Join(records);

        var lines = records.Where(static r => r.Kind == TelemetryKind.Log).ToList();
        Assert.Equal([Start.AddMilliseconds(50), Start.AddMilliseconds(2_050), Start.AddMilliseconds(2_500)], lines.Select(static l => l.Timestamp));
        Assert.Equal([First, Second, null], lines.Select(static l => l.TraceId));
        Assert.Equal([("cart-1", TimeSpan.FromHours(-1))], outcome.Moved);
        Assert.Empty(outcome.ClocksApart);
        Assert.Equal((2L, 1L), (outcome.Joined, outcome.NoRequest));
    }

    [Fact]
    public void Lines_stamped_to_the_whole_second_are_not_joined()
    {
        var records = InOrder(
            Span(1_000, 100, First, "aaaaaaaaaaaaaaaa"),
            Span(1_500, 100, Second, "cccccccccccccccc"),
            Line(1_000),
            Line(2_000));

        var outcome = LogRequestsByTime.Join(records);

        // Written within the second after its stamp: either request's.
        Assert.All(records.Where(static r => r.Kind == TelemetryKind.Log), line => Assert.Null(line.TraceId));
        Assert.Equal((0L, 2L), (outcome.Joined, outcome.TooCoarse));
    }

    [Fact]
    public void Reading_a_csv_whose_lines_lie_apart_from_their_spans_says_they_were_not_joined()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            $"0,2026-01-05T12:00:00.001Z,span,cart,cart-1,GetCart,10,,,{First},aaaaaaaaaaaaaaaa,,",
            "1,2026-01-05T12:00:25.011Z,log,cart,cart-1,app,0,ERROR,,,,,cart read failed",
            "2,2026-01-05T12:00:30.021Z,log,cart,cart-1,app,0,INFO,,,,,cart read");

        Assert.All(input.Records.Where(static r => r.Kind == TelemetryKind.Log), line => Assert.Null(line.TraceId));
        Assert.Contains(
            "The log lines of 1 pod(s) that name no request lie in their pod's spans no more often than their times would by chance, as stamped or moved by a time zone's offset (cart-1): not joined to requests.",
            InputReport.Notes(input));
    }

    [Fact]
    public void Reading_a_csv_joins_the_lines_and_says_so_for_the_report()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            $"0,2026-01-05T12:00:00.001Z,span,cart,cart-1,GetCart,10,,,{First},aaaaaaaaaaaaaaaa,,",
            "1,2026-01-05T12:00:00.004Z,log,cart,cart-1,app,0,ERROR,,,,,cart read failed",
            "2,2026-01-05T12:00:00.006Z,log,cart,cart-1,app,0,INFO,,,,,cart read",
            "3,2026-01-05T12:00:01.000Z,log,cart,cart-1,app,0,INFO,,,,,cache warmed");

        Assert.Equal((First, "aaaaaaaaaaaaaaaa"), (input.Records[1].TraceId, input.Records[1].SpanId));
        Assert.Null(input.Records[3].TraceId);
        Assert.Contains(
            "2 log lines of 1 service(s) that name no request in their lines were joined to the request their pod was serving when each was written (0.0 % while it served several: the one begun last); 1 written while their pod served none were left as they are.",
            InputReport.Notes(input));
    }
}
