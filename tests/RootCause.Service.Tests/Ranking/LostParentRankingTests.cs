using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class LostParentRankingTests
{
    // checkout calls payment and inventory a little; billing and warehouse call them a lot. Split by call counts, the
    // orphans would blame billing and warehouse most, yet only checkout calls both services that report orphans.
    private static readonly ServiceEdge[] Edges =
    [
        Edge("checkout", "payment", 100), Edge("billing", "payment", 500),
        Edge("checkout", "inventory", 100), Edge("warehouse", "inventory", 500),
    ];

    private static List<Detection> OrphansAtPaymentAndInventory()
    {
        var anomalies = new List<Detection>();
        for (var i = 0; i < 4; i++)
        {
            anomalies.Add(At(1 + i, "payment", i * 10, AnomalyTypes.MissingSpan, name: "POST /charge", kind: TelemetryKind.Span));
            anomalies.Add(At(10 + i, "inventory", i * 10 + 5, AnomalyTypes.MissingSpan, name: "GET /stock", kind: TelemetryKind.Span));
        }

        return anomalies;
    }

    private static IReadOnlyList<RootCauseCandidate> Rank(IReadOnlyList<Detection> anomalies, IReadOnlyList<ServiceEdge> edges)
    {
        var graph = new ServiceGraph(edges);
        var options = new RootCauseOptions { MaxGraphHops = 2 };
        var incident = Assert.Single(new IncidentGrouper(options).Group(anomalies, graph));
        return new RootCauseRanker(options).Rank(incident, graph, new ChangeCorrelator([], options.ChangeWindow));
    }

    [Fact]
    public void Single_caller_common_to_all_orphan_reporting_services_takes_all_the_blame_despite_fewer_calls()
    {
        var candidates = Rank(OrphansAtPaymentAndInventory(), Edges);

        Assert.Equal("checkout", candidates[0].Service);
        Assert.Equal(FaultTypes.TracingLoss, candidates[0].FaultKind);
        Assert.Contains(candidates[0].Evidence, e => e.Contains("inventory, payment", StringComparison.Ordinal));
        Assert.DoesNotContain(candidates, c => c.Service is "billing" or "warehouse");
    }

    [Fact]
    public void Orphan_blame_is_shared_by_call_counts_when_no_single_caller_explains_all_orphans()
    {
        // A second common caller makes the lost parent ambiguous, so every caller keeps its share.
        ServiceEdge[] edges = [.. Edges, Edge("api-gateway", "payment", 100), Edge("api-gateway", "inventory", 100)];

        var candidates = Rank(OrphansAtPaymentAndInventory(), edges);

        Assert.Contains(candidates, c => c.Service == "billing");
        Assert.Contains(candidates, c => c.Service == "warehouse");
        var graph = new ServiceGraph(edges);
        var incident = Assert.Single(new IncidentGrouper(new RootCauseOptions { MaxGraphHops = 2 }).Group(OrphansAtPaymentAndInventory(), graph));
        Assert.Null(LostParentFinder.SingleLostParent(incident, graph));
    }

    [Fact]
    public void Where_several_callers_are_common_the_ones_each_orphans_trace_called_less_than_usual_decide()
    {
        // api-gateway calls both too, but the orphans' requests called it as usual: the detector names checkout (and
        // billing or warehouse, which the trace cannot rule out) as the callers short of a call.
        ServiceEdge[] edges = [.. Edges, Edge("api-gateway", "payment", 100), Edge("api-gateway", "inventory", 100)];
        var anomalies = OrphansAtPaymentAndInventory()
            .Select(a => a with { LostParentCallers = a.Service == "payment" ? ["billing", "checkout"] : ["checkout", "warehouse"] })
            .ToList();

        var candidates = Rank(anomalies, edges);

        Assert.Equal("checkout", candidates[0].Service);
        Assert.DoesNotContain(candidates, c => c.Service is "api-gateway" or "billing" or "warehouse");
        Assert.Contains(candidates[0].Evidence, e => e.EndsWith(
            "its spans were lost; 8 of the orphans' requests called it less than such requests usually do", StringComparison.Ordinal));
    }

    [Fact]
    public void An_orphans_blame_is_shared_only_among_the_callers_its_trace_called_less_than_usual()
    {
        // The orphans at payment alone, whose request was short of billing's call: billing takes it all, api-gateway and
        // checkout none, although each calls payment.
        ServiceEdge[] edges = [.. Edges, Edge("api-gateway", "payment", 100)];
        var anomalies = Enumerable.Range(0, 4)
            .Select(i => At(1 + i, "payment", i * 10, AnomalyTypes.MissingSpan, name: "POST /charge", kind: TelemetryKind.Span) with { LostParentCallers = ["billing"] })
            .ToList();
        var graph = new ServiceGraph(edges);

        Assert.Equal(new Dictionary<string, long> { ["billing"] = 500 }, LostParentFinder.CallersOf(anomalies[0], graph));
        Assert.Equal(3, graph.CallersOf("payment").Count);
        Assert.Equal("billing", Rank(anomalies, edges)[0].Service);
        // A caller the graph does not know is no narrowing: every caller keeps its share.
        Assert.Equal(3, LostParentFinder.CallersOf(anomalies[0] with { LostParentCallers = ["ledger"] }, graph).Count);
    }

    [Fact]
    public void Callers_blamed_for_orphans_are_not_called_anomalous_in_their_callees_evidence()
    {
        // billing, warehouse and checkout are suspects (their callees report orphans) but flag nothing themselves.
        ServiceEdge[] edges = [.. Edges, Edge("api-gateway", "payment", 100), Edge("api-gateway", "inventory", 100)];

        var candidates = Rank(OrphansAtPaymentAndInventory(), edges);

        var payment = candidates.Single(c => c.Service == "payment");
        Assert.Contains("calls no anomalous service (most downstream)", payment.Evidence);
        Assert.DoesNotContain(payment.Evidence, e => e.Contains("called by anomalous", StringComparison.Ordinal));
        Assert.Contains("no anomalies of its own", candidates.Single(c => c.Service == "billing").Evidence);
    }
}
