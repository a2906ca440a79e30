using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// A pod's log lines that lie, most of them, outside the spans they name were stamped by another clock: they are moved
/// to lie within them, and the input report says so; lines that mostly lie within their spans are left as read.
/// </summary>
public sealed class LogClockOffsetsTests : IDisposable
{
    private static readonly DateTime Noon = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    private readonly string _folder = Directory.CreateTempSubdirectory("log-clocks-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Log_lines_stamped_an_hour_off_from_the_spans_they_name_are_moved_to_lie_within_them()
    {
        // cart's log lines were written in local time, an hour ahead, and read as UTC; orders' lie within their spans,
        // one of them a millisecond after its span ended as stamped (both stamped to the millisecond).
        var input = MeltCsvText.ReadInput(
            _folder,
            "-1,2026-01-05T12:00:00.003Z,span,cart,cart-1,GetCart,20,,OK,t1,c1,,",
            "-1,2026-01-05T12:00:01.003Z,span,cart,cart-1,GetCart,20,,OK,t2,c2,,",
            "-1,2026-01-05T12:00:02.003Z,span,orders,orders-1,Place,20,,OK,t3,o1,,",
            "-1,2026-01-05T12:00:02.024Z,log,orders,orders-1,log,0,INFO,,t3,o1,,placed",
            "-1,2026-01-05T13:00:00.008Z,log,cart,cart-1,log,0,INFO,,t1,c1,,read",
            "-1,2026-01-05T13:00:01.013Z,log,cart,cart-1,log,0,INFO,,t2,c2,,read");

        Assert.Equal(1, input.LogClocks.Pods);
        Assert.InRange(input.LogClocks.LargestShift.TotalSeconds, 3599.98, 3600.01);
        var cartLines = input.Records.Where(static r => r is { Kind: TelemetryKind.Log, Service: "cart" }).Select(static r => r.Timestamp).ToList();
        Assert.All(cartLines, static t => Assert.InRange(t, Noon, Noon.AddSeconds(1.024)));
        Assert.Equal(Noon.AddSeconds(2.024), input.Records.Single(static r => r is { Kind: TelemetryKind.Log, Service: "orders" }).Timestamp);
        Assert.Contains(InputReport.Notes(input), static note => note.StartsWith("The log lines of 1 pod(s) lay, most of them, outside the spans they name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pod_whose_lines_mostly_lie_within_their_spans_is_left_as_read()
    {
        // Two of cart's three lines lie within their spans; the third, late by a second, is a line of its own, not a clock.
        List<TelemetryRecord> records =
        [
            Span(Noon, "t1", "c1"),
            Span(Noon.AddSeconds(1), "t2", "c2"),
            Span(Noon.AddSeconds(2), "t3", "c3"),
            Line(Noon.AddMilliseconds(5), "t1", "c1"),
            Line(Noon.AddSeconds(1).AddMilliseconds(5), "t2", "c2"),
            Line(Noon.AddSeconds(3).AddMilliseconds(5), "t3", "c3"),
        ];
        var before = records.Select(static r => r.Timestamp).ToList();

        var outcome = LogClockOffsets.Align(records, SpanTimes.Of(records));

        Assert.Equal(LogClockOffsets.Outcome.None, outcome);
        Assert.Equal(before, records.Select(static r => r.Timestamp));
    }

    private static TelemetryRecord Span(DateTime start, string trace, string span) =>
        new(-1, start, TelemetryKind.Span, "cart", "cart-1", "GetCart", 20, Status: SpanStatus.Ok, TraceId: trace, SpanId: span);

    private static TelemetryRecord Line(DateTime time, string trace, string span) =>
        new(-1, time, TelemetryKind.Log, "cart", "cart-1", "log", 0, Level: LogLevel.Info, TraceId: trace, SpanId: span, Message: "read");
}
