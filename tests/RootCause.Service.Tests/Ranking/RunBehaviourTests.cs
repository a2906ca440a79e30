using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;
using Xunit;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class RunBehaviourTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// An hour of requests from basic to route, slow in minutes 40 to 42: <paramref name="traced"/> of every 20 a minute
    /// traced (their calls timed by spans), the others timed by their log lines, as when sampling dropped their traces.
    /// </summary>
    private static RunBehaviour CallsIntoRoute(int traced)
    {
        var (calls, handovers) = (new List<CallTransitCount>(), new List<CallTransitCount>());
        for (var m = 0; m < 60; m++)
        {
            var slow = m is >= 40 and < 43;
            if (traced > 0)
            {
                calls.Add(new CallTransitCount("basic", "route", T0.AddMinutes(m), slow ? 300 : 2, traced));
            }

            if (traced < 20)
            {
                handovers.Add(new CallTransitCount("basic", "route", T0.AddMinutes(m), slow ? 310 : 12, 20 - traced));
            }
        }

        var builder = new RunBehaviour.Builder();
        builder.Add(new DetectionCompleted(0, 0, [], [], []) { RunId = "run", CallTransits = calls, LogHandovers = handovers });
        return builder.Build();
    }

    [Fact]
    public void Log_hand_overs_tell_the_time_between_services_of_requests_no_span_tells()
    {
        var (start, end) = (T0.AddMinutes(40), T0.AddMinutes(42));

        Assert.StartsWith("requests' log lines passing into it (basic): 60 of 60 in the incident's minutes", CallsIntoRoute(traced: 0).Changes(start, end)["route"].Evidence, StringComparison.Ordinal);
        Assert.StartsWith("calls into it (basic): 60 of 60 in the incident's minutes spent", CallsIntoRoute(traced: 20).Changes(start, end)["route"].Evidence, StringComparison.Ordinal);
        // A quarter of the requests traced: their calls and the others' log lines pool, as one count of slow requests.
        var sampled = CallsIntoRoute(traced: 5).Changes(start, end)["route"];
        Assert.StartsWith(
            "calls into it (basic): 15 of 15 in the incident's minutes spent longer outside the callee's span (network, queueing) and untraced requests' log lines passing into it (basic): 45 of 45 took longer",
            sampled.Evidence,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_whose_requests_change_ranks_on_it_and_its_callers_change_is_put_down_to_it()
    {
        var builder = new RunBehaviour.Builder();
        for (var segment = 0; segment < 2; segment++)
        {
            var patterns = new List<CallPatternCount>();
            for (var m = segment * 30; m < (segment + 1) * 30; m++)
            {
                var failing = m is >= 40 and < 43;
                patterns.Add(new CallPatternCount("price", "/prices", "usual", T0.AddMinutes(m), failing ? 2 : 20));
                patterns.Add(new CallPatternCount("price", "/prices", "throws", T0.AddMinutes(m), failing ? 18 : 0));
                patterns.Add(new CallPatternCount("basic", "/travels", "usual", T0.AddMinutes(m), failing ? 4 : 20));
                patterns.Add(new CallPatternCount("basic", "/travels", "handles-error", T0.AddMinutes(m), failing ? 16 : 0));
            }

            builder.Add(new DetectionCompleted(0, 0, [], [], [])
            {
                RunId = "run",
                Segment = segment,
                SegmentCount = 2,
                CallPatterns = patterns,
                OperationEdges = [new OperationEdge("basic", "/travels", "price", "/prices", 20)],
            });
        }

        var behaviour = builder.Build();
        var raw = behaviour.Changes(T0.AddMinutes(40), T0.AddMinutes(42));
        var own = behaviour.OwnChanges(T0.AddMinutes(40), T0.AddMinutes(42));

        Assert.True(raw["basic"].Score > 0.7 && raw["price"].Score > 0.7, $"basic {raw["basic"]}, price {raw["price"]}");
        Assert.Equal(raw["price"], own["price"]);
        Assert.StartsWith("requests to /prices: 54 of 60 in the incident's minutes took one path", own["price"].Evidence, StringComparison.Ordinal);
        Assert.True(own["basic"].Score < 0.3, $"basic's own {own["basic"]}");
        Assert.Contains("put down to the change below it at price", own["basic"].Evidence, StringComparison.Ordinal);
        Assert.Empty(RunBehaviour.None.OwnChanges(T0, T0.AddMinutes(59)));
    }

    [Fact]
    public void The_strongest_of_log_call_and_metric_change_is_a_services_change()
    {
        var logs = new List<BehaviourCount>();
        var peaks = new List<MetricPeak>();
        for (var m = 0; m < 60; m++)
        {
            logs.Add(new BehaviourCount("a", "served <*>", T0.AddMinutes(m), 50));
            logs.Add(new BehaviourCount("b", "route found <*>", T0.AddMinutes(m), 50));
            if (m is >= 30 and < 33)
            {
                logs.Add(new BehaviourCount("b", "query failed <*>", T0.AddMinutes(m), 30));
            }

            peaks.Add(new MetricPeak("c", "cpu_percent", T0.AddMinutes(m), m is >= 30 and < 33 ? 95 : 20 + (m % 5)));
        }

        var behaviour = new RunBehaviour(new BehaviourShift(logs), new CallPatternShift([]), new MetricNovelty(peaks), new CallTransitShift([]), new OperationGraph([]));
        var changes = behaviour.Changes(T0.AddMinutes(30), T0.AddMinutes(32));

        Assert.Equal(new BehaviourShift(logs).Scores(T0.AddMinutes(30), T0.AddMinutes(32))["b"], changes["b"].Score);
        Assert.StartsWith("log lines of one kind: 90 in the incident's minutes", changes["b"].Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("query failed", changes["b"].Evidence, StringComparison.Ordinal);
        Assert.Equal(new MetricNovelty(peaks).Scores(T0.AddMinutes(30), T0.AddMinutes(32))["c"], changes["c"].Score);
        Assert.StartsWith("cpu_percent peaked above anything the rest of the run reached, by ", changes["c"].Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_incident_in_one_of_two_recordings_is_measured_against_its_own_recording()
    {
        // A day whose CPU fault reached 95, a night without records, then a day whose fault reaches 80.
        var secondDay = (int)TimeSpan.FromHours(14).TotalMinutes;
        var split = Build(Peaks(secondDay));
        var continuous = Build(Peaks(90));
        var incident = (Start: T0.AddMinutes(secondDay + 30), End: T0.AddMinutes(secondDay + 32));

        Assert.Equal([(T0, T0.AddMinutes(89)), (T0.AddMinutes(secondDay), T0.AddMinutes(secondDay + 89))], split.RecordingSpans);
        Assert.True(split.OwnChanges(incident.Start, incident.End)["c"].Score > 0.5, "the second day's peak is novel within its day");
        Assert.Empty(continuous.RecordingSpans);
        Assert.False(continuous.OwnChanges(T0.AddMinutes(120), T0.AddMinutes(122)).ContainsKey("c"), "the first day's 95 was reached in the same recording");
        Assert.True(split.OwnChanges(T0.AddMinutes(30), T0.AddMinutes(32))["c"].Score > 0.5);

        static List<MetricPeak> Peaks(int secondFrom)
        {
            var peaks = new List<MetricPeak>();
            foreach (var (from, fault) in new[] { (0, 95.0), (secondFrom, 80.0) })
            {
                for (var m = 0; m < 90; m++)
                {
                    peaks.Add(new MetricPeak("c", "cpu_percent", T0.AddMinutes(from + m), m is >= 30 and < 33 ? fault : 20 + (m % 5)));
                }
            }

            return peaks;
        }

        static RunBehaviour Build(List<MetricPeak> peaks)
        {
            var builder = new RunBehaviour.Builder();
            builder.Add(new DetectionCompleted(0, 0, [], [], []) { RunId = "run", MetricPeaks = peaks });
            return builder.Build();
        }
    }
}
