using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// Calls that begin before the span that made them say the hosts' clocks disagree: the input report says so, and each
/// pod's spans and log lines are moved to agree with the calls between them.
/// </summary>
public sealed class ClockOffsetsTests : IDisposable
{
    private static readonly DateTime Noon = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    private readonly string _folder = Directory.CreateTempSubdirectory("clocks-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Calls_that_begin_before_their_caller_are_counted_said_and_their_callers_clock_set()
    {
        // frontend calls cart twice, once 300 ms and once 100 ms before frontend's own span began, and once after it;
        // frontend's own child span is no call into another pod. cart stamped more records, so its clock is taken as
        // right and frontend's is set back by 325 ms: the middle of 300 to 350 ms, with which every call begins and ends
        // within its caller.
        var input = MeltCsvText.ReadInput(
            _folder,
            "0,2026-01-05T12:00:00.000Z,span,frontend,frontend-1,GET /,500,,OK,t1,f1,,",
            "1,2026-01-05T12:00:00.010Z,span,frontend,frontend-1,render,5,,OK,t1,f2,f1,",
            "2,2026-01-05T11:59:59.700Z,span,cart,cart-1,GetCart,50,,OK,t1,c1,f1,",
            "3,2026-01-05T11:59:59.900Z,span,cart,cart-1,GetCart,50,,OK,t1,c2,f1,",
            "4,2026-01-05T12:00:00.100Z,span,cart,cart-1,GetCart,50,,OK,t1,c3,f1,");

        Assert.Equal(
            new ClockOffsets.Outcome(3, 2, TimeSpan.FromMilliseconds(300), 1, TimeSpan.FromMilliseconds(325), TimeSpan.FromMilliseconds(325), 0, TimeSpan.Zero),
            input.Clocks);
        Assert.Equal(Noon.AddMilliseconds(-325), input.Records.Single(static r => r.SpanId == "f1").Timestamp);
        Assert.Equal(Noon.AddMilliseconds(-300), input.Records.Single(static r => r.SpanId == "c1").Timestamp);
        Assert.Contains(
            "2 of 3 calls from one pod or host to another (66.7 %) began before the span that made them, by 300 ms at the median: the hosts' clocks disagree, "
            + "and the spans and log lines of 1 pod(s) or host(s) were moved by 325 ms at the median, 325 ms at most, to agree with the calls between them; "
            + "0 then began before their caller, by 0 ms at the median.",
            InputReport.Notes(input));
    }

    [Fact]
    public void Calls_that_begin_within_their_caller_leave_every_record_as_read_and_say_nothing()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "0,2026-01-05T12:00:00.000Z,span,frontend,frontend-1,GET /,500,,OK,t1,f1,,",
            "1,2026-01-05T12:00:00.020Z,span,cart,cart-1,GetCart,50,,OK,t1,c1,f1,",
            "2,2026-01-05T12:00:00.030Z,log,cart,cart-1,cart_read,0,INFO,,t1,c1,,cart read");

        Assert.Equal(ClockOffsets.Outcome.None with { Calls = 1 }, input.Clocks);
        Assert.Equal([Noon, Noon.AddMilliseconds(20), Noon.AddMilliseconds(30)], input.Records.Select(static r => r.Timestamp));
        Assert.DoesNotContain(InputReport.Notes(input), static note => note.Contains("clocks", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_pods_clock_is_recovered_from_its_calls_and_moves_its_spans_and_log_lines_but_not_its_metrics()
    {
        // gateway calls orders, which calls stock, every second for ten minutes; orders' clock runs 1.5 s fast and
        // stock's 0.7 s slow; a scraper stamps stock's metrics. Network time is 2 ms each way; gateway stamped most spans
        // and log lines, so its clock is taken as right.
        var (orders, stock) = (TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(-700));
        var records = new List<TelemetryRecord>();
        for (var i = 0; i < 600; i++)
        {
            var start = Noon.AddSeconds(i);
            var trace = $"t{i}";
            records.Add(Span(start, "gateway", 40 + (i % 7), trace, "g", null));
            records.Add(Span(start.AddMilliseconds(2) + orders, "orders", 30 + (i % 5), trace, "o", "g"));
            records.Add(Span(start.AddMilliseconds(6) + stock, "stock", 10 + (i % 3), trace, "s", "o"));
            records.Add(new TelemetryRecord(-1, start.AddMilliseconds(8) + stock, TelemetryKind.Log, "stock", "stock-1", "reserved", 0, LogLevel.Info, TraceId: trace, SpanId: "s", Message: "reserved"));
            records.Add(new TelemetryRecord(-1, start.AddMilliseconds(1), TelemetryKind.Log, "gateway", "gateway-1", "routed", 0, LogLevel.Info, TraceId: trace, Message: "routed"));
            records.Add(new TelemetryRecord(-1, start.AddMilliseconds(39), TelemetryKind.Log, "gateway", "gateway-1", "answered", 0, LogLevel.Info, TraceId: trace, Message: "answered"));
            records.Add(new TelemetryRecord(-1, start + stock, TelemetryKind.Metric, "stock", "stock-1", "cpu", 0.5));
        }

        var outcome = ClockOffsets.Align(records, SpanTimes.Of(records));

        Assert.Equal(2, outcome.Moved);
        Assert.InRange(outcome.LargestShift.TotalMilliseconds, 1490, 1510);
        Assert.Equal(0, outcome.EarlyAfter);
        for (var i = 0; i < 600; i++)
        {
            var (gateway, ordersSpan, stockSpan, stockLog) = (records[7 * i], records[(7 * i) + 1], records[(7 * i) + 2], records[(7 * i) + 3]);
            Assert.Equal(Noon.AddSeconds(i), gateway.Timestamp);
            Assert.True(Within(ordersSpan, gateway) && Within(stockSpan, ordersSpan));
            Assert.Equal(stockSpan.Timestamp.AddMilliseconds(2), stockLog.Timestamp);
            Assert.Equal(Noon.AddSeconds(i) + stock, records[(7 * i) + 6].Timestamp);
        }
    }

    [Fact]
    public void A_queues_consumers_whose_delay_varies_set_no_clock()
    {
        // orders publishes in a 5 ms span; the consumer's 2 ms span begins 20 ms to 4 s later, after its parent ended.
        // No offset makes most of them begin and end within their parent, so they tell nothing of the clocks.
        var records = new List<TelemetryRecord>();
        for (var i = 0; i < 200; i++)
        {
            var start = Noon.AddSeconds(10 * i);
            records.Add(Span(start, "orders", 5, $"t{i}", "p", null));
            records.Add(Span(start.AddMilliseconds(20 + (i * 20 % 4000)), "mailer", 2, $"t{i}", "c", "p"));
        }

        // One early call says the clocks may disagree, so the pairs are weighed.
        records.Add(Span(Noon.AddHours(1), "orders", 5, "early", "p", null));
        records.Add(Span(Noon.AddHours(1).AddMilliseconds(-1), "mailer", 2, "early", "c", "p"));
        var before = records.Select(static r => r.Timestamp).ToList();

        var outcome = ClockOffsets.Align(records, SpanTimes.Of(records));

        Assert.Equal((201, 1, 0), (outcome.Calls, outcome.Early, outcome.Moved));
        Assert.Equal(before, records.Select(static r => r.Timestamp));
    }

    private static bool Within(TelemetryRecord call, TelemetryRecord caller) =>
        call.Timestamp >= caller.Timestamp && call.Timestamp.AddMilliseconds(call.Value) <= caller.Timestamp.AddMilliseconds(caller.Value);

    private static TelemetryRecord Span(DateTime start, string service, double milliseconds, string trace, string span, string? parent) =>
        new(-1, start, TelemetryKind.Span, service, service + "-1", "op", milliseconds, Status: SpanStatus.Ok, TraceId: trace, SpanId: span, ParentSpanId: parent);
}
