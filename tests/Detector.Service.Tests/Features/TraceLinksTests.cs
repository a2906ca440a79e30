using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Tests.Features;

public sealed class TraceLinksTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// One request: the gateway's span (row 0), cart's span (row 1) and cart's retry 2 s later (row 2), then the
    /// <paramref name="lines"/> cart wrote (rows 3, 4, ...), each at its second after the start, with the span id given.
    /// </summary>
    private static TraceLinks Links(params (double Seconds, string? Span, string Service)[] lines)
    {
        var records = new List<TelemetryRecord>
        {
            new(0, Start, TelemetryKind.Span, "gateway", "gateway-1", "GET /cart", 3000, TraceId: "t1", SpanId: "g"),
            new(1, Start.AddMilliseconds(5), TelemetryKind.Span, "cart", "cart-1", "GetCart", 10, TraceId: "t1", SpanId: "c1", ParentSpanId: "g"),
            new(2, Start.AddSeconds(2), TelemetryKind.Span, "cart", "cart-1", "GetCart", 10, TraceId: "t1", SpanId: "c2", ParentSpanId: "g"),
        };
        records.AddRange(lines.Select((line, i) => new TelemetryRecord(
            3 + i, Start.AddSeconds(line.Seconds), TelemetryKind.Log, line.Service, line.Service + "-1", "log", 0, LogLevel.Error, TraceId: "t1", SpanId: line.Span)));
        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        return TraceLinks.Build(columns);
    }

    [Fact]
    public void A_line_is_in_the_span_it_names()
    {
        var links = Links((1, "c2", "cart"));

        Assert.Equal(2, links.SpanRowOfLog(3));
    }

    [Fact]
    public void A_line_that_names_its_trace_but_no_span_is_in_its_services_span_begun_last_before_it()
    {
        var links = Links((1, null, "cart"), (3, null, "cart"), (0, null, "cart"), (1, null, "gateway"));

        Assert.Equal(1, links.SpanRowOfLog(3));
        Assert.Equal(2, links.SpanRowOfLog(4));
        // Written before any of cart's spans began (clocks differ): the first of them.
        Assert.Equal(1, links.SpanRowOfLog(5));
        Assert.Equal(0, links.SpanRowOfLog(6));
    }

    [Fact]
    public void A_line_that_names_a_span_the_input_does_not_hold_or_a_service_with_no_span_in_the_trace_is_in_none()
    {
        var links = Links((1, "lost", "cart"), (1, null, "payment"));

        Assert.Equal(-1, links.SpanRowOfLog(3));
        Assert.Equal(-1, links.SpanRowOfLog(4));
    }

    [Fact]
    public void Spans_of_an_operation_that_always_lacks_its_parent_are_where_traces_enter_not_orphans()
    {
        // A request a minute for twenty minutes through an uninstrumented ingress: the gateway's span names the ingress's
        // span, never exported. In two of them cart's span lost its parent too: the gateway's span of those was lost.
        var records = new List<TelemetryRecord>();
        for (var r = 0; r < 20; r++)
        {
            var lost = r < 2;
            if (!lost)
            {
                records.Add(new(records.Count, Start.AddMinutes(r), TelemetryKind.Span, "gateway", "gateway-1", "GET /cart", 30, TraceId: $"t{r}", SpanId: "g", ParentSpanId: "ingress"));
            }

            records.Add(new(records.Count, Start.AddMinutes(r).AddMilliseconds(5), TelemetryKind.Span, "cart", "cart-1", "GetCart", 10, TraceId: $"t{r}", SpanId: "c", ParentSpanId: "g"));
        }

        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        var links = TraceLinks.Build(columns);

        var orphans = Enumerable.Range(0, columns.Count).Where(links.IsOrphan).Select(row => columns.NameAt(row)).ToList();
        Assert.Equal(["GetCart", "GetCart"], orphans);
        Assert.Equal(2, links.OrphanCount);
    }

    [Fact]
    public void An_operation_seen_only_for_a_few_minutes_all_orphaned_is_a_loss_not_an_entry()
    {
        // Cart's spans of five minutes, every one lost its parent: as a loss of the gateway's spans leaves them.
        var records = Enumerable.Range(0, 5).Select(m => new TelemetryRecord(
            m, Start.AddMinutes(m), TelemetryKind.Span, "cart", "cart-1", "GetCart", 10, TraceId: $"t{m}", SpanId: "c", ParentSpanId: "g")).ToList();
        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();

        Assert.Equal(5, TraceLinks.Build(columns).OrphanCount);
    }
}
