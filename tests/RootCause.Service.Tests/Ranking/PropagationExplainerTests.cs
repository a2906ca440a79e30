using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class PropagationExplainerTests
{
    // A slow payment makes every caller slow in the same traces: each caller has more instances, so more symptoms.
    private static List<Detection> EchoedUpTheChain()
    {
        var anomalies = new List<Detection>();
        long id = 0;
        foreach (var (service, copies) in new[] { ("payment", 1), ("checkout", 2), ("api-gateway", 3), ("frontend", 4) })
        {
            for (var t = 0; t < 6; t++)
            {
                for (var c = 0; c < copies; c++)
                {
                    anomalies.Add(At(++id, service, t * 15 + 0.5 * c));
                }
            }
        }

        return anomalies;
    }

    private static DetectedIncident Incident(IReadOnlyList<Detection> anomalies, ServiceGraph graph) =>
        Assert.Single(new IncidentGrouper(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)).Group(anomalies, graph));

    [Fact]
    public void Callers_whose_anomalies_coincide_with_their_callee_are_explained_and_the_callee_is_not()
    {
        var graph = new ServiceGraph(ShopEdges);

        var fractions = PropagationExplainer.ExplainedFractions(Incident(EchoedUpTheChain(), graph), graph);

        Assert.Equal(0, fractions["payment"]);
        Assert.Equal(1, fractions["checkout"]);
        Assert.Equal(1, fractions["api-gateway"]);
        Assert.Equal(1, fractions["frontend"]);
    }

    [Fact]
    public void Caller_anomalies_at_other_times_than_the_callee_stay_its_own()
    {
        var anomalies = new[] { At(1, "payment", 0), At(2, "checkout", 0.5), At(3, "checkout", 40), At(4, "checkout", 80) };
        var graph = new ServiceGraph(ShopEdges);

        var fractions = PropagationExplainer.ExplainedFractions(Incident(anomalies, graph), graph);

        Assert.Equal(1.0 / 3, fractions["checkout"], 6);
    }

    [Fact]
    public void Root_echoed_by_busier_callers_at_the_same_moments_ranks_first()
    {
        var graph = new ServiceGraph(ShopEdges);
        var options = new RootCauseOptions();

        var candidates = new RootCauseRanker(options).Rank(Incident(EchoedUpTheChain(), graph), graph, new ChangeCorrelator([], options.ChangeWindow));

        Assert.Equal("payment", candidates[0].Service);
    }
}
