using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Behaviour;
using AnomalyPlatform.Detector.Features;
using Xunit;

namespace AnomalyPlatform.Detector.Tests.Behaviour;

public sealed class CallTransitSummariserTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 10, DateTimeKind.Utc);

    [Fact]
    public void A_client_spans_time_outside_its_callees_span_is_counted_per_caller_callee_and_minute()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", clientMs: 12, routeMs: 5);
        Request(records, "t2", clientMs: 12.1, routeMs: 5);

        var transit = Assert.Single(Summarise(records, 0, records.Count));

        Assert.Equal(("travel", "route", T0.AddSeconds(-10), 2), (transit.CallerService, transit.CalleeService, transit.Minute, transit.Count));
        // 7 ms falls in the quarter-octave bucket from 6.9 ms.
        Assert.InRange(transit.TransitMs, 7 / Math.Pow(2, 0.25), 7);
    }

    [Fact]
    public void Calls_a_network_delay_slows_land_in_a_higher_bucket_and_a_callee_outlasting_its_client_in_bucket_zero()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", clientMs: 12, routeMs: 5);
        Request(records, "t2", clientMs: 105, routeMs: 5);
        Request(records, "t3", clientMs: 5, routeMs: 5.2);

        var buckets = Summarise(records, 0, records.Count).Select(t => t.TransitMs).ToList();

        Assert.Equal(3, buckets.Count);
        Assert.Equal(0, buckets[0]);
        Assert.InRange(buckets[2], 100 / Math.Pow(2, 0.25), 100);
    }

    [Fact]
    public void Spans_that_are_not_one_call_to_another_service_are_not_counted()
    {
        var records = new List<TelemetryRecord>();
        var t = T0;
        // The gateway's server span fans out to two services: not a client span, its time is the gateway's own work.
        records.Add(Span(0, t, "gateway", "/*", "t1", "g", null, 40));
        records.Add(Span(1, t, "travel", "/trips/left", "t1", "e", "g", 10));
        records.Add(Span(2, t, "order", "/orders", "t1", "o", "g", 10));
        // Within one service: travel's controller under its entry.
        records.Add(Span(3, t, "travel", "TravelController.query", "t1", "c", "e", 8));

        Assert.Empty(Summarise(records, 0, records.Count));
    }

    [Fact]
    public void A_server_span_left_one_child_by_lost_spans_is_not_taken_for_a_client_span()
    {
        var records = new List<TelemetryRecord>();
        var t = T0;
        // The gateway's /checkout calls auth and checkout; in t2 checkout's span was lost, leaving auth its only child.
        records.Add(Span(0, t, "gateway", "/checkout", "t1", "g", null, 40));
        records.Add(Span(1, t, "auth", "/verify", "t1", "a", "g", 5));
        records.Add(Span(2, t, "checkout", "/orders", "t1", "o", "g", 20));
        records.Add(Span(3, t, "gateway", "/checkout", "t2", "g", null, 40));
        records.Add(Span(4, t, "auth", "/verify", "t2", "a", "g", 5));

        Assert.Empty(Summarise(records, 0, records.Count));
    }

    [Fact]
    public void Only_the_segments_own_callee_spans_count()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", clientMs: 12, routeMs: 5);
        var leading = records.Count;
        Request(records, "t2", clientMs: 12, routeMs: 5);
        var own = records.Count - leading;
        Request(records, "t3", clientMs: 12, routeMs: 5);

        Assert.Equal(1, Assert.Single(Summarise(records, leading, own)).Count);
        Assert.Equal(3, Assert.Single(Summarise(records, 0, records.Count)).Count);
    }

    private static List<CallTransitCount> Summarise(List<TelemetryRecord> records, int start, int count)
    {
        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        return CallTransitSummariser.Summarise(columns, TraceLinks.Build(columns), start, count);
    }

    /// <summary>travel's controller calls route through an HTTP client span of <paramref name="clientMs"/>, route's server span lasting <paramref name="routeMs"/>.</summary>
    private static void Request(List<TelemetryRecord> records, string trace, double clientMs, double routeMs)
    {
        var t = T0.AddMilliseconds(records.Count);
        long id = records.Count;
        records.Add(Span(id++, t, "travel", "/trips/left", trace, "e", null, clientMs + 3));
        records.Add(Span(id++, t, "travel", "TravelController.query", trace, "c", "e", clientMs + 2));
        records.Add(Span(id++, t, "travel", "HTTP GET", trace, "h", "c", clientMs));
        records.Add(Span(id, t, "route", "/routes/{id}", trace, "r", "h", routeMs));
    }

    private static TelemetryRecord Span(long id, DateTime t, string service, string name, string trace, string span, string? parent, double ms) =>
        new(id, t, TelemetryKind.Span, service, service + "-1", name, ms, Status: SpanStatus.Ok, TraceId: trace, SpanId: span, ParentSpanId: parent);
}
