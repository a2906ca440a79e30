using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class RootCauseRankerTests
{
    private static readonly RootCauseOptions Options = new();

    private static IReadOnlyList<RootCauseCandidate> Rank(
        IReadOnlyList<Detection> anomalies, IReadOnlyList<ServiceEdge> edges, IReadOnlyList<ChangeEvent>? changes = null, RootCauseOptions? options = null)
    {
        var graph = new ServiceGraph(edges);
        var incident = Assert.Single(new IncidentGrouper(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)).Group(anomalies, graph));
        var settings = options ?? Options;
        return new RootCauseRanker(settings).Rank(incident, graph, new ChangeCorrelator(changes ?? [], settings.ChangeWindow));
    }

    [Fact]
    public void Downstream_service_whose_anomalies_start_first_ranks_first_even_when_callers_have_more_anomalies()
    {
        var anomalies = new List<Detection>();
        long id = 0;
        // The fault is at payment; its callers follow 30 s apart, each with more symptoms than the one below.
        foreach (var (service, onset, count) in new[] { ("payment", 0, 2), ("checkout", 30, 4), ("api-gateway", 60, 6), ("frontend", 90, 8) })
        {
            for (var i = 0; i < count; i++)
            {
                anomalies.Add(At(++id, service, onset + i * 5));
            }
        }

        var candidates = Rank(anomalies, ShopEdges);

        Assert.Equal(["payment", "checkout", "api-gateway", "frontend"], candidates.Select(c => c.Service));
    }

    [Fact]
    public void Most_downstream_service_ranks_first_when_onsets_tie()
    {
        var anomalies = new[] { At(1, "frontend", 0), At(2, "api-gateway", 0), At(3, "checkout", 0), At(4, "payment", 0) };

        var candidates = Rank(anomalies, ShopEdges);

        Assert.Equal("payment", candidates[0].Service);
        Assert.Contains(candidates[0].Evidence, e => e.Contains("most downstream", StringComparison.Ordinal));
    }

    [Fact]
    public void Deploy_shortly_before_the_incident_lifts_its_service_to_first()
    {
        // cart and inventory look alike (same onset, same anomalies, both called by api-gateway), so only the deploy can separate them.
        ServiceEdge[] edges = [Edge("api-gateway", "cart"), Edge("api-gateway", "inventory")];
        var anomalies = new[]
        {
            At(1, "cart", 0), At(2, "inventory", 0), At(3, "cart", 10), At(4, "inventory", 10), At(5, "api-gateway", 60),
        };
        ChangeEvent[] deploy = [new(99, T0.AddMinutes(-2), "inventory", "inventory-0", "deploy")];

        var without = Rank(anomalies, edges);
        var with = Rank(anomalies, edges, deploy);

        Assert.Equal("cart", without[0].Service);
        Assert.Equal("inventory", with[0].Service);
        Assert.True(with[0].Confidence > without.Single(c => c.Service == "inventory").Confidence);
        Assert.Contains(with[0].Evidence, e => e.StartsWith("deploy at", StringComparison.Ordinal));
    }

    [Fact]
    public void Deploy_long_before_the_change_window_is_ignored()
    {
        ServiceEdge[] edges = [Edge("api-gateway", "cart"), Edge("api-gateway", "inventory")];
        var anomalies = new[] { At(1, "cart", 0), At(2, "inventory", 0), At(3, "api-gateway", 60) };
        ChangeEvent[] oldDeploy = [new(99, T0.AddHours(-2), "inventory", "inventory-0", "deploy")];

        var candidates = Rank(anomalies, edges, oldDeploy);

        Assert.Equal("cart", candidates[0].Service);
        Assert.DoesNotContain(candidates.SelectMany(c => c.Evidence), e => e.Contains("deploy", StringComparison.Ordinal));
    }

    [Fact]
    public void Confidences_lie_in_0_to_1_ranks_run_from_1_to_k_and_fall_with_rank()
    {
        var services = new[] { "frontend", "api-gateway", "checkout", "payment", "inventory", "cart", "search" };
        var anomalies = services.Select((s, i) => At(i + 1, s, i * 7 % 40, confidence: 0.5 + i * 0.05)).ToArray();
        ServiceEdge[] edges = [.. ShopEdges, Edge("api-gateway", "cart"), Edge("api-gateway", "search")];
        var options = new RootCauseOptions { MaxCandidates = 4 };

        var candidates = Rank(anomalies, edges, options: options);

        Assert.Equal([1, 2, 3, 4], candidates.Select(c => c.Rank));
        Assert.All(candidates, c => Assert.InRange(c.Confidence, 0.0, 1.0));
        Assert.True(candidates.Sum(c => c.Confidence) <= 1.0 + 1e-9);
        Assert.Equal(candidates.Select(c => c.Confidence).OrderDescending(), candidates.Select(c => c.Confidence));
    }

    [Fact]
    public void Fault_kind_is_the_dominant_detected_type_of_the_service()
    {
        var anomalies = new[]
        {
            At(1, "payment", 0, AnomalyTypes.ErrorLogBurst), At(2, "payment", 5, AnomalyTypes.ErrorLogBurst),
            At(3, "payment", 10, AnomalyTypes.MetricSpike),
        };

        var candidate = Assert.Single(Rank(anomalies, ShopEdges));

        Assert.Equal(AnomalyTypes.ErrorLogBurst, candidate.FaultKind);
        Assert.Equal(1.0, candidate.Confidence);
    }
}
