using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Behaviour;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Tests.Behaviour;

public sealed class LogHandoverSummariserTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    private static TelemetryColumns Lines(params (string Trace, string Service, double Ms)[] lines)
    {
        var columns = new TelemetryColumns();
        columns.Append([.. lines.Select((l, i) => new TelemetryRecord(
            i, Start.AddMilliseconds(l.Ms), TelemetryKind.Log, l.Service, l.Service + "-1", "line", 0, LogLevel.Info, TraceId: l.Trace))]);
        columns.Seal();
        return columns;
    }

    [Fact]
    public void Each_services_first_line_in_a_request_counts_the_time_since_the_line_before_it()
    {
        // checkout logs, payment answers 40 ms later and logs twice, checkout logs again: one hand-over, into payment.
        var columns = Lines(("t1", "checkout", 0), ("t1", "payment", 40), ("t1", "payment", 41), ("t1", "checkout", 50), ("t2", "checkout", 60_000), ("t2", "payment", 60_010));

        var counts = LogHandoverSummariser.Summarise(columns, RequestHandovers.Of(columns, 0, columns.Count));

        Assert.Equal(
            [
                new CallTransitCount("checkout", "payment", Start, CallTransitSummariser.LowerBoundMs(CallTransitSummariser.BucketOf(40)), 1),
                new CallTransitCount("checkout", "payment", Start.AddMinutes(1), CallTransitSummariser.LowerBoundMs(CallTransitSummariser.BucketOf(10)), 1),
            ],
            counts);
    }

    [Fact]
    public void Context_rows_before_the_segment_supply_the_line_before_but_are_not_counted()
    {
        var columns = Lines(("t1", "checkout", 0), ("t1", "payment", 40), ("t2", "checkout", 100), ("t2", "payment", 130));

        // The segment is the last three rows: t1's payment line counts its hand-over from the context's checkout line.
        var counts = LogHandoverSummariser.Summarise(columns, RequestHandovers.Of(columns, 1, 3));

        Assert.Equal(2, counts.Sum(static c => c.Count));
        Assert.Empty(LogHandoverSummariser.Summarise(columns, RequestHandovers.Of(columns, 0, 1)));
    }
}
