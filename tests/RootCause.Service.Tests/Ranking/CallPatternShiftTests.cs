using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;
using Xunit;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class CallPatternShiftTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Operation_that_starts_ending_its_requests_another_way_in_the_window_shifted()
    {
        var counts = Steady(60);
        for (var m = 30; m < 33; m++)
        {
            // The usual pattern gives way to the error handler's for most requests.
            counts.RemoveAll(c => c.Service == "price" && c.Minute == T0.AddMinutes(m));
            counts.Add(new CallPatternCount("price", "/prices", "usual", T0.AddMinutes(m), 4));
            counts.Add(new CallPatternCount("price", "/prices", "error-handler", T0.AddMinutes(m), 16));
        }

        var scores = new CallPatternShift(counts).Scores(T0.AddMinutes(30), T0.AddMinutes(32));

        Assert.True(scores["price"] > 0.8, $"price shifted by {scores["price"]}");
        Assert.False(scores.ContainsKey("travel"));
    }

    [Fact]
    public void More_or_fewer_requests_doing_what_they_always_do_is_no_shift()
    {
        var counts = Steady(60);
        for (var m = 30; m < 33; m++)
        {
            counts.RemoveAll(c => c.Minute == T0.AddMinutes(m));
            counts.Add(new CallPatternCount("price", "/prices", "usual", T0.AddMinutes(m), 60));
            counts.Add(new CallPatternCount("travel", "/trips", "usual", T0.AddMinutes(m), 3));
        }

        var scores = new CallPatternShift(counts).Scores(T0.AddMinutes(30), T0.AddMinutes(32));

        Assert.Empty(scores);
    }

    [Fact]
    public void Built_segment_by_segment_it_scores_as_from_the_whole_run()
    {
        var counts = Steady(40);
        counts.Add(new CallPatternCount("price", "/prices", "error-handler", T0.AddMinutes(21), 9));
        var builder = new CallPatternShift.Builder();
        builder.Add(counts.Where(c => c.Minute < T0.AddMinutes(21)).ToList());
        builder.Add(counts.Where(c => c.Minute >= T0.AddMinutes(21)).ToList());

        Assert.Equal(
            new CallPatternShift(counts).Scores(T0.AddMinutes(20), T0.AddMinutes(22)),
            builder.Build().Scores(T0.AddMinutes(20), T0.AddMinutes(22)));
        Assert.True(new CallPatternShift([]).IsEmpty);
    }

    [Fact]
    public void A_shift_into_requests_that_called_no_other_service_names_no_callee_and_says_so()
    {
        var counts = Steady(60);
        for (var m = 30; m < 33; m++)
        {
            counts.Add(new CallPatternCount("travel", "/trips", "returns-early", T0.AddMinutes(m), 12));
        }

        var outlines = new[]
        {
            new CallPatternOutline("usual", ["basic"], Failed: false),
            new CallPatternOutline("no-seats", ["basic"], Failed: true),
            new CallPatternOutline("returns-early", [], Failed: false),
        };

        var change = new CallPatternShift(counts, outlines).Changes(T0.AddMinutes(30), T0.AddMinutes(32))["travel"];
        var unknown = new CallPatternShift(counts).Changes(T0.AddMinutes(30), T0.AddMinutes(32))["travel"];

        Assert.Equal([], change.Callees);
        Assert.StartsWith("requests to /trips: 36 of 70 in the incident's minutes took one path calling no other service, ", change.Evidence, StringComparison.Ordinal);
        // Without outlines the change may have come from anywhere below.
        Assert.Null(unknown.Callees);
        Assert.Equal(change.Score, unknown.Score);
    }

    [Fact]
    public void A_pattern_grown_rarer_does_not_say_where_its_change_came_from()
    {
        var counts = new List<CallPatternCount>();
        for (var m = 0; m < 60; m++)
        {
            var window = m is >= 30 and < 33;
            // Requests that went to the database become rare; the others grow, none by as much.
            counts.Add(new CallPatternCount("price", "/prices", "queries-db", T0.AddMinutes(m), window ? 2 : 20));
            counts.Add(new CallPatternCount("price", "/prices", "cached", T0.AddMinutes(m), window ? 19 : 10));
            counts.Add(new CallPatternCount("price", "/prices", "default-price", T0.AddMinutes(m), window ? 19 : 10));
        }

        var outlines = new[]
        {
            new CallPatternOutline("queries-db", ["db"], Failed: false),
            new CallPatternOutline("cached", [], Failed: false),
            new CallPatternOutline("default-price", [], Failed: false),
        };

        var change = new CallPatternShift(counts, outlines).Changes(T0.AddMinutes(30), T0.AddMinutes(32))["price"];

        Assert.StartsWith("requests to /prices: 6 of 120 in the incident's minutes took one path, ", change.Evidence, StringComparison.Ordinal);
        Assert.Null(change.Callees);
    }

    [Fact]
    public void A_failing_pattern_does_not_say_where_its_change_came_from()
    {
        // A call that failed before its span began leaves an error and no callee.
        var counts = Steady(60);
        for (var m = 30; m < 33; m++)
        {
            counts.Add(new CallPatternCount("travel", "/trips", "fails", T0.AddMinutes(m), 12));
        }

        var change = new CallPatternShift(counts, [new CallPatternOutline("fails", [], Failed: true)]).Changes(T0.AddMinutes(30), T0.AddMinutes(32))["travel"];

        Assert.StartsWith("requests to /trips: 36 of 70 in the incident's minutes took one path, ", change.Evidence, StringComparison.Ordinal);
        Assert.Null(change.Callees);
    }

    [Fact]
    public void Minutes_whose_request_logs_were_not_collected_compare_requests_by_their_spans_alone()
    {
        // Requests log an INFO line as a matter of course, but the copy read kept the logs of a few minutes only: the
        // pattern with the line is absent everywhere else, including the incident's minutes, for no reason of the system's.
        var counts = new List<CallPatternCount>();
        for (var m = 0; m < 60; m++)
        {
            var logged = m is >= 10 and < 13;
            counts.Add(new CallPatternCount("price", "/prices", logged ? "usual+info" : "usual", T0.AddMinutes(m), 200));
        }

        var outlines = new[]
        {
            new CallPatternOutline("usual+info", ["db"], Failed: false, Unlogged: "usual", RoutineLines: true),
            new CallPatternOutline("usual", ["db"], Failed: false),
        };

        var shift = new CallPatternShift(counts, outlines);

        Assert.Empty(shift.Changes(T0.AddMinutes(30), T0.AddMinutes(32)));
        Assert.Empty(shift.Changes(T0.AddMinutes(10), T0.AddMinutes(12)));
        Assert.Equal(57, shift.MinutesWithoutLogs);
        Assert.Equal(60, shift.MinutesTraced);
        // Read with the log levels, the minutes without the line would be a shift of every request.
        Assert.NotEmpty(new CallPatternShift(counts).Changes(T0.AddMinutes(30), T0.AddMinutes(32)));
    }

    [Fact]
    public void Lines_written_only_on_failure_are_no_gap_when_absent_and_still_shift_the_pattern()
    {
        // A service that logs only its errors is quiet in every good minute: that is not a collection gap.
        var counts = Steady(60);
        for (var m = 30; m < 33; m++)
        {
            counts.Add(new CallPatternCount("price", "/prices", "usual+error", T0.AddMinutes(m), 15));
        }

        var outlines = new[]
        {
            new CallPatternOutline("usual+error", ["db"], Failed: true, Unlogged: "usual"),
            new CallPatternOutline("usual", ["db"], Failed: false),
        };

        var shift = new CallPatternShift(counts, outlines);

        Assert.Equal(0, shift.MinutesWithoutLogs);
        Assert.True(shift.Scores(T0.AddMinutes(30), T0.AddMinutes(32))["price"] > 0.8);
    }

    [Fact]
    public void A_minute_or_two_without_a_routine_line_where_few_requests_log_is_chance_not_a_gap()
    {
        // One request in fifty writes an INFO line: a minute of 20 requests with none is what chance gives.
        var counts = new List<CallPatternCount>();
        for (var m = 0; m < 60; m++)
        {
            counts.Add(new CallPatternCount("price", "/prices", "usual", T0.AddMinutes(m), m % 5 == 0 ? 19 : 20));
            if (m % 5 == 0)
            {
                counts.Add(new CallPatternCount("price", "/prices", "usual+info", T0.AddMinutes(m), 2));
            }
        }

        var outlines = new[] { new CallPatternOutline("usual+info", ["db"], Failed: false, Unlogged: "usual", RoutineLines: true) };

        Assert.Equal(0, new CallPatternShift(counts, outlines).MinutesWithoutLogs);
    }

    private static List<CallPatternCount> Steady(int minutes)
    {
        var counts = new List<CallPatternCount>();
        for (var m = 0; m < minutes; m++)
        {
            counts.Add(new CallPatternCount("price", "/prices", "usual", T0.AddMinutes(m), 20));
            counts.Add(new CallPatternCount("travel", "/trips", "usual", T0.AddMinutes(m), 10));
            counts.Add(new CallPatternCount("travel", "/trips", "no-seats", T0.AddMinutes(m), m % 3 == 0 ? 2 : 1));
        }

        return counts;
    }
}
