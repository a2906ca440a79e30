using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Tests.Features;

public sealed class LogCallEdgesTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Log lines, each (request, service, milliseconds after the request began), in the order given.</summary>
    private static TelemetryColumns Lines(params (string Trace, string Service, int Ms)[] lines)
    {
        var records = lines.Select((l, i) => new TelemetryRecord(
            i, Start.AddMilliseconds(l.Ms), TelemetryKind.Log, l.Service, l.Service + "-1", "line", 0, LogLevel.Info, TraceId: l.Trace)).ToList();
        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        return columns;
    }

    /// <summary>A checkout request: the gateway logs, calls checkout, which logs, calls payment and then shipping, each logging, and logs again.</summary>
    private static (string, string, int)[] Checkout(string trace, int at) =>
    [
        (trace, "gateway", at), (trace, "checkout", at + 5), (trace, "payment", at + 9), (trace, "checkout", at + 20),
        (trace, "shipping", at + 24), (trace, "checkout", at + 30), (trace, "gateway", at + 31),
    ];

    [Fact]
    public void A_services_first_line_in_a_request_follows_its_callers()
    {
        var columns = Lines([.. Checkout("t1", 0), .. Checkout("t2", 1000), .. Checkout("t3", 2000)]);

        Assert.Equal(
            [new ServiceEdge("checkout", "payment", 3), new ServiceEdge("checkout", "shipping", 3), new ServiceEdge("gateway", "checkout", 3)],
            LogCallEdges.Of(columns, RequestHandovers.Of(columns, 0, columns.Count)));
    }

    [Fact]
    public void Lines_are_put_in_time_order_within_each_request_whatever_order_they_arrive_in()
    {
        var lines = Checkout("t1", 0).Concat(Checkout("t2", 0)).Reverse().ToArray();
        var columns = Lines(lines);

        Assert.Equal(
            [new ServiceEdge("checkout", "payment", 2), new ServiceEdge("checkout", "shipping", 2), new ServiceEdge("gateway", "checkout", 2)],
            LogCallEdges.Of(columns, RequestHandovers.Of(columns, 0, lines.Length)));
    }

    [Fact]
    public void A_pair_seen_in_one_request_only_is_no_call()
    {
        // Once, the payment's line came before the checkout's: its clock, or the checkout logging late.
        var columns = Lines([.. Checkout("t1", 0), .. Checkout("t2", 1000), ("t3", "gateway", 2000), ("t3", "payment", 2003), ("t3", "checkout", 2005)]);

        // gateway → payment and payment → checkout were seen once each.
        Assert.Equal(
            [new ServiceEdge("checkout", "payment", 2), new ServiceEdge("checkout", "shipping", 2), new ServiceEdge("gateway", "checkout", 2)],
            LogCallEdges.Of(columns, RequestHandovers.Of(columns, 0, columns.Count)));
    }

    [Fact]
    public void Lines_without_a_trace_id_or_outside_the_rows_asked_about_make_no_call()
    {
        var records = Checkout("t1", 0).Concat(Checkout("t2", 1000))
            .Select((l, i) => new TelemetryRecord(i, Start.AddMilliseconds(l.Item3), TelemetryKind.Log, l.Item2, l.Item2 + "-1", "line", 0, LogLevel.Info))
            .ToList();
        var untraced = new TelemetryColumns();
        untraced.Append(records);
        untraced.Seal();
        var traced = Lines([.. Checkout("t1", 0), .. Checkout("t2", 1000)]);

        Assert.Empty(LogCallEdges.Of(untraced, RequestHandovers.Of(untraced, 0, untraced.Count)));
        // Only the first request's rows: each pair seen once.
        Assert.Empty(LogCallEdges.Of(traced, RequestHandovers.Of(traced, 0, 7)));
    }
}
