using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;
using AnomalyPlatform.RootCause.Spill;

namespace AnomalyPlatform.RootCause.Tests.Spill;

public sealed class BehaviourSpillTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Three segments of an estate where "price" starts throwing, its callers handle it and its memory climbs, calls
    /// into "route" take longer to arrive and "front" starts answering from its cache, calling nothing, from minute 100.
    /// <paramref name="withoutSpans"/>: the time into "route" read from log lines (<see cref="DetectionCompleted.LogHandovers"/>).
    /// </summary>
    private static List<DetectionCompleted> Segments(bool withoutSpans = false)
    {
        var segments = new List<DetectionCompleted>();
        for (var segment = 0; segment < 3; segment++)
        {
            var logs = new List<BehaviourCount>();
            var peaks = new List<MetricPeak>();
            var patterns = new List<CallPatternCount>();
            var transits = new List<CallTransitCount>();
            // Segments meet on a shared minute, as they do where one's context overlaps the next.
            for (var m = segment * 60; m <= (segment + 1) * 60; m++)
            {
                var minute = T0.AddMinutes(m);
                var faulty = m is >= 100 and < 104;
                logs.Add(new BehaviourCount("price", "served <*>", minute, faulty ? 10 : 50));
                if (faulty)
                {
                    logs.Add(new BehaviourCount("price", "query failed <*>", minute, 40));
                }

                peaks.Add(new MetricPeak("price", "memory_mb", minute, faulty ? 900 + m : 300 + (m % 7)));
                peaks.Add(new MetricPeak("basic", "cpu_percent", minute, 20 + (m % 5)));
                patterns.Add(new CallPatternCount("basic", "/travels", "usual", minute, faulty ? 4 : 20));
                patterns.Add(new CallPatternCount("basic", "/travels", "handles-error", minute, faulty ? 16 : 0));
                patterns.Add(new CallPatternCount("front", "/home", "calls-basic", minute, faulty ? 5 : 20));
                patterns.Add(new CallPatternCount("front", "/home", "from-cache", minute, faulty ? 15 : 1));
                foreach (var caller in new[] { "basic", "travel" })
                {
                    transits.Add(new CallTransitCount(caller, "route", minute, faulty ? 80 : 1, faulty ? 20 : 18));
                    transits.Add(new CallTransitCount(caller, "route", minute, 2, faulty ? 0 : 2));
                }
            }

            segments.Add(new DetectionCompleted(0, 0, [], [], [])
            {
                RunId = "run",
                Segment = segment,
                SegmentCount = 3,
                Behaviour = logs,
                MetricPeaks = peaks,
                CallPatterns = patterns,
                CallTransits = withoutSpans ? [] : transits,
                LogHandovers = withoutSpans ? transits : [],
                CallPatternOutlines =
                [
                    new CallPatternOutline("usual", ["price"], Failed: false),
                    new CallPatternOutline("handles-error", ["price"], Failed: true),
                    new CallPatternOutline("calls-basic", ["basic"], Failed: false),
                    new CallPatternOutline("from-cache", [], Failed: false),
                ],
                OperationEdges = [new OperationEdge("basic", "/travels", "price", "/prices", 20 + segment), new OperationEdge("front", "/home", "basic", "/travels", 20)],
                // price runs one pod throughout; basic's second replica appears in the last segment.
                Instances =
                [
                    new ServiceInstances("basic", segment == 2 ? [Seen("basic-1", segment), Seen("basic-2", segment)] : [Seen("basic-1", segment)]),
                    new ServiceInstances("price", [Seen("price-7f9c", segment)]),
                ],
            });
        }

        return segments;
    }

    [Fact]
    public void The_behaviour_built_from_the_spill_is_the_behaviour_built_from_the_messages()
    {
        var segments = Segments();
        var builder = new RunBehaviour.Builder();
        using var spill = new BehaviourSpill();
        // Segments arrive in any order from competing detectors.
        foreach (var segment in new[] { segments[2], segments[0], segments[1] })
        {
            builder.Add(segment);
            spill.Add(segment);
        }

        var fromMessages = builder.Build();
        var fromSpill = spill.Build();
        var again = spill.Build();

        foreach (var (start, end) in new[] { (100, 103), (0, 10), (58, 62), (150, 180) })
        {
            var expected = fromMessages.OwnChanges(T0.AddMinutes(start), T0.AddMinutes(end));
            Assert.Equal(expected, fromSpill.OwnChanges(T0.AddMinutes(start), T0.AddMinutes(end)));
            Assert.Equal(expected, again.OwnChanges(T0.AddMinutes(start), T0.AddMinutes(end)));
        }

        Assert.NotEmpty(fromSpill.OwnChanges(T0.AddMinutes(100), T0.AddMinutes(103)));
        Assert.StartsWith("calls into it (basic, travel)", fromSpill.OwnChanges(T0.AddMinutes(100), T0.AddMinutes(103))["route"].Evidence);
        // The patterns' outlines came through the spill: front's cached answers are its own, not price's change showing through.
        Assert.Equal(fromSpill.Changes(T0.AddMinutes(100), T0.AddMinutes(103))["front"], fromSpill.OwnChanges(T0.AddMinutes(100), T0.AddMinutes(103))["front"]);
        Assert.Contains("calling no other service", fromSpill.OwnChanges(T0.AddMinutes(100), T0.AddMinutes(103))["front"].Evidence, StringComparison.Ordinal);
        // The instances merged over the segments, through either path: each from its first segment's start to its last's end.
        foreach (var behaviour in new[] { fromMessages, fromSpill })
        {
            Assert.Equal([new InstanceSeen("basic-1", Seen("", 0).First, Seen("", 2).Last), Seen("basic-2", 2)], behaviour.Instances["basic"]);
            Assert.Equal([new InstanceSeen("price-7f9c", Seen("", 0).First, Seen("", 2).Last)], behaviour.Instances["price"]);
            Assert.False(behaviour.Instances.ContainsKey("front"));
        }
    }

    [Fact]
    public void Log_hand_overs_come_through_the_spill_and_stand_in_for_the_calls_time_in_transit_without_spans()
    {
        var segments = Segments(withoutSpans: true);
        var builder = new RunBehaviour.Builder();
        using var spill = new BehaviourSpill();
        foreach (var segment in segments)
        {
            builder.Add(segment);
            spill.Add(segment);
        }

        var fromMessages = builder.Build().OwnChanges(T0.AddMinutes(100), T0.AddMinutes(103));
        var fromSpill = spill.Build().OwnChanges(T0.AddMinutes(100), T0.AddMinutes(103));

        Assert.Equal(fromMessages, fromSpill);
        Assert.Equal(
            "requests' log lines passing into it (basic, travel): 160 of 160 in the incident's minutes took longer to pass between the two services than 90% of the rest of the run's, 16 expected (z 34.9)",
            fromSpill["route"].Evidence);
    }

    [Fact]
    public void An_empty_spill_builds_a_run_with_no_behaviour()
    {
        using var spill = new BehaviourSpill();

        var behaviour = spill.Build();

        Assert.True(behaviour.Logs.IsEmpty && behaviour.Calls.IsEmpty && behaviour.Metrics.IsEmpty);
    }

    /// <summary>An instance seen over segment <paramref name="segment"/>'s hour.</summary>
    private static InstanceSeen Seen(string instance, int segment) => new(instance, T0.AddHours(segment), T0.AddHours(segment + 1).AddSeconds(-1));
}
