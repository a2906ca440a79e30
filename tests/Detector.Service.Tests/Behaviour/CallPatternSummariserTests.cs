using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Behaviour;
using AnomalyPlatform.Detector.Features;
using Xunit;

namespace AnomalyPlatform.Detector.Tests.Behaviour;

public sealed class CallPatternSummariserTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 10, DateTimeKind.Utc);

    [Fact]
    public void Requests_that_do_the_same_inside_a_service_share_a_pattern_and_one_that_skips_a_call_does_not()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", callsRoute: true);
        Request(records, "t2", callsRoute: true);
        Request(records, "t3", callsRoute: false);

        var patterns = Summarise(records, 0, records.Count).Patterns;

        var travel = patterns.Where(p => p.Service == "travel").ToList();
        Assert.All(travel, p => Assert.Equal("/trips/left", p.Operation));
        Assert.Equal([1, 2], travel.Select(p => p.Count).Order());
        // Every request enters the gateway the same way: one pattern, counted three times.
        Assert.Equal(3, Assert.Single(patterns, p => p.Service == "gateway").Count);
    }

    [Fact]
    public void A_request_that_writes_an_error_line_differs_from_one_that_writes_info_only()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", callsRoute: true);
        Request(records, "t2", callsRoute: true, logLevel: LogLevel.Error);

        var patterns = Summarise(records, 0, records.Count).Patterns;

        Assert.Equal(2, patterns.Count(p => p.Service == "travel"));
    }

    [Fact]
    public void A_log_line_that_prints_other_values_leaves_the_pattern_as_it_was()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", callsRoute: true, message: "trip found from shanghai to nanjing");
        Request(records, "t2", callsRoute: true, message: "trip found from beijing to suzhou");

        var patterns = Summarise(records, 0, records.Count).Patterns;

        Assert.Equal(2, Assert.Single(patterns, p => p.Service == "travel").Count);
    }

    [Fact]
    public void Only_the_segments_own_requests_count_and_context_completes_them()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", callsRoute: true);
        var leading = records.Count;
        Request(records, "t2", callsRoute: true);
        // The route span of the last own request lands in the trailing context: its call is still part of the pattern.
        var own = records.Count - leading - 1;
        Request(records, "t3", callsRoute: true);

        var (patterns, edges, _) = Summarise(records, leading, own);
        var whole = Summarise(records, 0, records.Count).Patterns;

        Assert.Equal(1, Assert.Single(patterns, p => p.Service == "travel").Count);
        Assert.Equal(Assert.Single(whole, p => p.Service == "travel").Pattern, Assert.Single(patterns, p => p.Service == "travel").Pattern);
        Assert.Contains(new OperationEdge("travel", "/trips/left", "route", "/routes/{id}", 1), edges);
    }

    [Fact]
    public void A_span_recorded_twice_is_one_request_with_one_pattern()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", callsRoute: true);
        Request(records, "t2", callsRoute: true);
        // The exporter sent t2's travel entry span again.
        records.Add(records.Single(r => r.TraceId == "t2" && r.SpanId == "e") with { RecordId = records.Count });

        var patterns = Summarise(records, 0, records.Count).Patterns;

        Assert.Equal(2, Assert.Single(patterns, p => p.Service == "travel").Count);
    }

    [Fact]
    public void Calls_are_recorded_from_the_operation_the_caller_was_entered_by()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", callsRoute: true);
        Request(records, "t2", callsRoute: true);

        var edges = Summarise(records, 0, records.Count).Edges;

        Assert.Equal(
            [
                new OperationEdge("gateway", "/*", "travel", "/trips/left", 2),
                new OperationEdge("travel", "/trips/left", "route", "/routes/{id}", 2),
            ],
            edges);
    }

    [Fact]
    public void Each_pattern_is_outlined_by_the_other_services_its_requests_called_and_whether_they_failed()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", callsRoute: true);
        Request(records, "t2", callsRoute: false);
        Request(records, "t3", callsRoute: false, logLevel: LogLevel.Error);

        var summary = Summarise(records, 0, records.Count);

        var outlines = summary.Outlines.ToDictionary(o => o.Pattern);
        Assert.Subset(outlines.Keys.ToHashSet(), summary.Patterns.Select(p => p.Pattern).ToHashSet());
        var travel = summary.Patterns.Where(p => p.Service == "travel").Select(p => outlines[p.Pattern]).ToList();
        Assert.Equal(3, travel.Count);
        Assert.Contains(travel, o => o.Callees.SequenceEqual(["route"]) && !o.Failed);
        // The request that skipped route called no other service: a shift in it cannot come from below.
        Assert.Contains(travel, o => o.Callees.Count == 0 && !o.Failed);
        // One that wrote an error line may have failed calling something that left no span.
        Assert.Contains(travel, o => o.Callees.Count == 0 && o.Failed);
        Assert.Equal(["travel"], outlines[Assert.Single(summary.Patterns, p => p.Service == "gateway").Pattern].Callees);
        Assert.Empty(outlines[Assert.Single(summary.Patterns, p => p.Service == "route").Pattern].Callees);
    }

    [Fact]
    public void Each_pattern_with_log_lines_has_an_unlogged_form_of_its_own_spans_and_calls()
    {
        var records = new List<TelemetryRecord>();
        Request(records, "t1", callsRoute: true);
        Request(records, "t2", callsRoute: true, logLevel: LogLevel.Error);

        var summary = Summarise(records, 0, records.Count);

        var outlines = summary.Outlines.ToDictionary(o => o.Pattern);
        var travel = summary.Patterns.Where(p => p.Service == "travel").Select(p => outlines[p.Pattern]).ToList();
        var info = Assert.Single(travel, o => o.RoutineLines);
        var error = Assert.Single(travel, o => !o.RoutineLines);
        // The two differ only in the level of their line: without it they are one pattern, which has not failed.
        Assert.NotNull(info.Unlogged);
        Assert.Equal(info.Unlogged, error.Unlogged);
        var unlogged = outlines[info.Unlogged!];
        Assert.Equal(["route"], unlogged.Callees);
        Assert.False(unlogged.Failed);
        Assert.Null(unlogged.Unlogged);
        Assert.True(error.Failed);
        // The gateway's own spans write no line: its pattern is its own unlogged form.
        Assert.Null(outlines[Assert.Single(summary.Patterns, p => p.Service == "gateway").Pattern].Unlogged);
    }

    private static CallPatternSummary Summarise(List<TelemetryRecord> records, int start, int count)
    {
        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        return CallPatternSummariser.Summarise(columns, TraceLinks.Build(columns), start, count);
    }

    /// <summary>gateway → travel, whose controller span logs a line and, if asked, calls route through an HTTP client span.</summary>
    private static void Request(List<TelemetryRecord> records, string trace, bool callsRoute, LogLevel logLevel = LogLevel.Info, string message = "query trips")
    {
        var t = T0.AddMilliseconds(records.Count);
        long id = records.Count;
        records.Add(Span(id++, t, "gateway", "/*", trace, "g", null));
        records.Add(Span(id++, t, "travel", "/trips/left", trace, "e", "g"));
        records.Add(Span(id++, t, "travel", "TravelController.query", trace, "c", "e"));
        records.Add(new TelemetryRecord(id++, t, TelemetryKind.Log, "travel", "travel-1", "", 0, Level: logLevel, TraceId: trace, SpanId: "c", Message: message));
        if (callsRoute)
        {
            records.Add(Span(id++, t, "travel", "HTTP GET", trace, "h", "c"));
            records.Add(Span(id, t, "route", "/routes/{id}", trace, "r", "h"));
        }
    }

    private static TelemetryRecord Span(long id, DateTime t, string service, string name, string trace, string span, string? parent) =>
        new(id, t, TelemetryKind.Span, service, service + "-1", name, 5, Status: SpanStatus.Ok, TraceId: trace, SpanId: span, ParentSpanId: parent);
}
