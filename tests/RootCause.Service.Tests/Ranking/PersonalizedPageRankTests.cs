using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class PersonalizedPageRankTests
{
    [Fact]
    public void Probability_gathers_at_the_most_downstream_anomalous_service()
    {
        string[] services = ["api-gateway", "checkout", "frontend", "payment"];
        double[] severity = [1, 1, 1, 1];

        var rank = PersonalizedPageRank.Compute(services, severity, new ServiceGraph(ShopEdges), 0.85);

        Assert.Equal("payment", services[Array.IndexOf(rank, rank.Max())]);
        Assert.Equal(1.0, rank.Sum(), 9);
    }

    [Fact]
    public void Services_without_edges_keep_their_personalization()
    {
        string[] services = ["search", "notification"];
        double[] severity = [3, 1];

        var rank = PersonalizedPageRank.Compute(services, severity, new ServiceGraph([]), 0.85);

        Assert.Equal(0.75, rank[0], 9);
        Assert.Equal(0.25, rank[1], 9);
    }
}
