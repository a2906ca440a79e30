using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class BehaviourRankingTests
{
    private static readonly RootCauseOptions Options = new();

    [Fact]
    public void A_service_that_flagged_nothing_but_whose_requests_changed_below_the_failing_callers_ranks_first()
    {
        // checkout and api-gateway log errors; payment, below them, flags nothing but its requests stop ending as they did.
        var anomalies = new[] { Error(1, "checkout", 0), Error(2, "checkout", 10), Error(3, "api-gateway", 5), Error(4, "api-gateway", 15) };
        var behaviour = new RunBehaviour.Builder();
        var patterns = new List<CallPatternCount>();
        for (var m = -60; m < 60; m++)
        {
            var faulty = m is >= 0 and < 3;
            var minute = T0.AddMinutes(m);
            patterns.Add(new CallPatternCount("payment", "/pay", "charges-card", minute, faulty ? 1 : 30));
            patterns.Add(new CallPatternCount("payment", "/pay", "throws", minute, faulty ? 29 : 0));
            patterns.Add(new CallPatternCount("checkout", "/checkout", "pays", minute, faulty ? 5 : 30));
            patterns.Add(new CallPatternCount("checkout", "/checkout", "handles-error", minute, faulty ? 25 : 0));
        }

        behaviour.Add(new DetectionCompleted(0, 0, [], [], [])
        {
            RunId = "run",
            CallPatterns = patterns,
            OperationEdges = [new OperationEdge("api-gateway", "/api", "checkout", "/checkout", 30), new OperationEdge("checkout", "/checkout", "payment", "/pay", 30)],
        });
        var graph = new ServiceGraph(ShopEdges);
        var incident = Assert.Single(new IncidentGrouper(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)).Group(anomalies, graph));

        var withBehaviour = new RootCauseRanker(Options).Rank(incident, graph, new ChangeCorrelator([], Options.ChangeWindow), behaviour.Build());
        var without = new RootCauseRanker(Options).Rank(incident, graph, new ChangeCorrelator([], Options.ChangeWindow));

        Assert.DoesNotContain(without, c => c.Service == "payment");
        var payment = withBehaviour[0];
        Assert.Equal("payment", payment.Service);
        Assert.Equal("no anomalies of its own", payment.Evidence[0]);
        // Its callers fail and it flags nothing: named for that, not for an anomaly type it never showed.
        Assert.Equal(FaultTypes.DependencyOutage, payment.FaultKind);
        Assert.StartsWith("requests to /pay: ", payment.Evidence[1], StringComparison.Ordinal);
        Assert.Contains(withBehaviour.Single(c => c.Service == "checkout").Evidence, e => e.Contains("put down to the change below it at payment", StringComparison.Ordinal));
    }

    [Fact]
    public void A_service_whose_calls_in_take_longer_to_reach_it_ranks_above_the_slow_callers_that_flagged()
    {
        // A network delay at payment: checkout and api-gateway, above it, see their requests slow and flag it; payment's
        // own spans take as long as ever, but every call into it, from checkout and from frontend, spends longer on the way.
        var anomalies = new[]
        {
            At(1, "api-gateway", 0, AnomalyTypes.LatencySpike), At(2, "checkout", 1, AnomalyTypes.LatencySpike),
            At(3, "api-gateway", 20, AnomalyTypes.LatencySpike), At(4, "checkout", 21, AnomalyTypes.LatencySpike),
        };
        var transits = new List<CallTransitCount>();
        for (var m = -60; m < 60; m++)
        {
            var faulty = m is >= 0 and < 3;
            var minute = T0.AddMinutes(m);
            foreach (var (caller, callee) in new[] { ("api-gateway", "checkout"), ("checkout", "payment"), ("checkout", "inventory"), ("frontend", "payment") })
            {
                var delayed = faulty && callee == "payment";
                transits.Add(new CallTransitCount(caller, callee, minute, delayed ? 120 : 1, delayed ? 30 : 27));
                transits.Add(new CallTransitCount(caller, callee, minute, 2, delayed ? 0 : 3));
            }
        }

        var behaviour = new RunBehaviour.Builder();
        behaviour.Add(new DetectionCompleted(0, 0, [], [], [])
        {
            RunId = "run",
            CallTransits = transits,
            OperationEdges = [new OperationEdge("api-gateway", "/api", "checkout", "/checkout", 30), new OperationEdge("checkout", "/checkout", "payment", "/pay", 30)],
        });
        var graph = new ServiceGraph(ShopEdges);
        var incident = Assert.Single(new IncidentGrouper(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)).Group(anomalies, graph));

        var ranked = new RootCauseRanker(Options).Rank(incident, graph, new ChangeCorrelator([], Options.ChangeWindow), behaviour.Build());

        Assert.Equal("payment", ranked[0].Service);
        Assert.Contains(ranked[0].Evidence, e => e.StartsWith("calls into it (checkout, frontend): 60 of 60", StringComparison.Ordinal));
        Assert.Equal(FaultTypes.LatencyInjection, ranked[0].FaultKind);
        Assert.DoesNotContain(ranked, c => c.Service == "inventory");
    }

    private static Detection Error(long recordId, string service, double secondsAfterT0) =>
        At(recordId, service, secondsAfterT0, AnomalyTypes.ErrorLogBurst, name: "payment failed", kind: TelemetryKind.Log);
}
