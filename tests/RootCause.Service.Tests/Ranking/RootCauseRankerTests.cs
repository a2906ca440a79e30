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
    public void A_candidate_names_the_instance_most_of_its_anomalies_are_at_and_its_evidence_does_not()
    {
        // payment-2's four anomalies come first; payment-1 has one; checkout's are spread over two instances.
        var anomalies = new[]
        {
            At(1, "payment", 0, instance: "payment-2"), At(2, "payment", 5, instance: "payment-2"), At(3, "payment", 10, instance: "payment-1"),
            At(4, "payment", 15, instance: "payment-2"), At(5, "payment", 20, instance: "payment-2"),
            At(6, "checkout", 40, instance: "checkout-1"), At(7, "checkout", 45, instance: "checkout-2"),
        };

        var candidates = Rank(anomalies, ShopEdges);

        Assert.Equal([("payment", "payment-2"), ("checkout", null)], candidates.Select(c => (c.Service, c.Instance)));
        // Instance names (pods, hosts) never reach an LLM, whose prompt carries the evidence: it says how many, not which.
        Assert.Contains("4 of its 5 anomalies at one instance", candidates[0].Evidence);
        Assert.DoesNotContain(candidates.SelectMany(c => c.Evidence), e => e.Contains("payment-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_service_whose_pod_was_replaced_before_the_incident_has_the_pod_running_then_named()
    {
        var anomalies = new[] { At(1, "payment", 0, instance: "payment-new"), At(2, "payment", 5, instance: "payment-new"), At(3, "checkout", 40) };
        var graph = new ServiceGraph(ShopEdges);
        var incident = Assert.Single(new IncidentGrouper(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)).Group(anomalies, graph));
        var replaced = new InstanceSeen[] { new("payment-old", T0.AddHours(-6), T0.AddHours(-1)), new("payment-new", T0.AddHours(-1), T0.AddHours(6)) };
        var behaviour = new RunBehaviour(new BehaviourShift([]), new CallPatternShift([]), new MetricNovelty([]), new CallTransitShift([]), new OperationGraph([]))
        {
            Instances = new Dictionary<string, IReadOnlyList<InstanceSeen>>(StringComparer.Ordinal) { ["payment"] = replaced },
        };

        var payment = new RootCauseRanker(Options).Rank(incident, graph, new ChangeCorrelator([], Options.ChangeWindow), behaviour)
            .Single(c => c.Service == "payment");

        // Its one instance at the time, as a service that never ran two: not "at one of its 2 instances".
        Assert.Equal("payment-new", payment.Instance);
        Assert.DoesNotContain(payment.Evidence, e => e.Contains("instances", StringComparison.Ordinal));
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
        Assert.Contains(with[0].Evidence, e => e.StartsWith("deploy 120 s before the incident start", StringComparison.Ordinal));
        Assert.Equal(FaultTypes.BadDeploy, with[0].FaultKind);
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
    public void Fault_kind_falls_back_to_the_dominant_detected_type_when_no_fault_signal_stands_out()
    {
        var anomalies = new[]
        {
            At(1, "payment", 0, AnomalyTypes.MetricSpike, name: "request_rate"), At(2, "payment", 5, AnomalyTypes.MetricSpike, name: "request_rate"),
        };

        var candidate = Assert.Single(Rank(anomalies, ShopEdges));

        Assert.Equal(AnomalyTypes.MetricSpike, candidate.FaultKind);
        Assert.Equal(1.0, candidate.Confidence);
    }

    public static TheoryData<string, string, TelemetryKind, string> FaultSignals => new()
    {
        { AnomalyTypes.MetricSpike, "cpu_percent", TelemetryKind.Metric, FaultTypes.CpuHog },
        { AnomalyTypes.MetricSpike, "memory_mb", TelemetryKind.Metric, FaultTypes.MemoryLeak },
        { AnomalyTypes.LatencySpike, "GET /charge", TelemetryKind.Span, FaultTypes.LatencyInjection },
        { AnomalyTypes.NoisyEvent, "health_check_flap", TelemetryKind.Event, FaultTypes.EventStorm },
    };

    [Theory]
    [MemberData(nameof(FaultSignals))]
    public void Fault_kind_is_named_from_the_signals_at_the_root_service(string type, string name, TelemetryKind kind, string expected)
    {
        // Callers show slow spans only, so nothing here points at failing calls.
        var anomalies = new[]
        {
            At(1, "payment", 0, type, name: name, kind: kind), At(2, "payment", 20, type, name: name, kind: kind),
            At(3, "payment", 40, type, name: name, kind: kind), At(4, "checkout", 60, AnomalyTypes.LatencySpike, name: "POST /checkout", kind: TelemetryKind.Span),
        };

        var candidates = Rank(anomalies, ShopEdges);

        Assert.Equal("payment", candidates[0].Service);
        Assert.Equal(expected, candidates[0].FaultKind);
    }

    [Fact]
    public void Slow_service_whose_callers_log_failures_is_named_a_dependency_outage()
    {
        var anomalies = new[]
        {
            At(1, "payment", 0, AnomalyTypes.LatencySpike, name: "GET /charge", kind: TelemetryKind.Span),
            At(2, "payment", 10, AnomalyTypes.LatencySpike, name: "GET /charge", kind: TelemetryKind.Span),
            At(3, "checkout", 30, AnomalyTypes.ErrorLogBurst, name: "checkout.call_failed", kind: TelemetryKind.Log),
            At(4, "checkout", 35, AnomalyTypes.ErrorLogBurst, name: "checkout.call_failed", kind: TelemetryKind.Log),
        };

        var candidates = Rank(anomalies, ShopEdges);

        Assert.Equal("payment", candidates[0].Service);
        Assert.Equal(FaultTypes.DependencyOutage, candidates[0].FaultKind);
    }

    [Fact]
    public void Orphan_spans_at_callees_blame_their_common_caller_even_without_anomalies_of_its_own()
    {
        // checkout lost its spans: its callees payment and inventory report orphans, checkout itself nothing. Two hops
        // keep the siblings in one incident.
        var anomalies = new List<Detection>();
        for (var i = 0; i < 4; i++)
        {
            anomalies.Add(At(1 + i, "payment", i * 10, AnomalyTypes.MissingSpan, name: "POST /charge", kind: TelemetryKind.Span));
            anomalies.Add(At(10 + i, "inventory", i * 10 + 5, AnomalyTypes.MissingSpan, name: "GET /stock", kind: TelemetryKind.Span));
        }

        var graph = new ServiceGraph(ShopEdges);
        var options = new RootCauseOptions { MaxGraphHops = 2 };
        var incident = new IncidentGrouper(options).Group(anomalies, graph);
        var candidates = new RootCauseRanker(options).Rank(Assert.Single(incident), graph, new ChangeCorrelator([], options.ChangeWindow));

        Assert.Equal("checkout", candidates[0].Service);
        Assert.Equal(FaultTypes.TracingLoss, candidates[0].FaultKind);
        Assert.Contains(candidates[0].Evidence, e => e.Contains("inventory, payment", StringComparison.Ordinal));
    }

    [Fact]
    public void Stray_point_anomaly_before_the_incident_does_not_set_the_onset()
    {
        // A lone frontend reading a minute early would otherwise make frontend the first service.
        var anomalies = new List<Detection> { At(1, "frontend", 0) };
        long id = 10;
        foreach (var (service, onset) in new[] { ("payment", 60), ("checkout", 90), ("api-gateway", 120), ("frontend", 150) })
        {
            for (var i = 0; i < 4; i++)
            {
                anomalies.Add(At(++id, service, onset + i * 40));
            }
        }

        var graph = new ServiceGraph(ShopEdges);
        var options = new RootCauseOptions();
        var incident = Assert.Single(new IncidentGrouper(options).Group(anomalies, graph));
        var candidates = new RootCauseRanker(options).Rank(incident, graph, new ChangeCorrelator([], options.ChangeWindow));

        Assert.Contains(1L, incident.IsolatedRecordIds);
        Assert.Equal("payment", candidates[0].Service);
    }

    [Fact]
    public void Weak_scattered_noise_on_a_leaf_service_does_not_outrank_the_sustained_root()
    {
        // payment fails for two minutes and checkout follows; cache, a leaf under checkout, collects weak detector noise
        // from before the incident on (many readings just over the detector's threshold).
        ServiceEdge[] edges = [.. ShopEdges, Edge("checkout", "cache")];
        var anomalies = new List<Detection>();
        for (var i = 0; i < 4; i++)
        {
            anomalies.Add(At(1 + i, "payment", 60 + i * 40, confidence: 0.9));
            anomalies.Add(At(10 + i, "checkout", 90 + i * 40, confidence: 0.9));
        }

        for (var i = 0; i < 12; i++)
        {
            anomalies.Add(At(100 + i, "cache", 30 + i * 25, confidence: 0.52));
        }

        var robust = RankWith(anomalies, edges, new RootCauseOptions());
        var naive = RankWith(anomalies, edges, new RootCauseOptions { StrongConfidence = 0, IsolatedWeight = 1, MinEpisodeSeconds = 0, MinEpisodeAnomalies = 1 });

        Assert.Equal("payment", robust[0].Service);
        Assert.Equal("cache", naive[0].Service);
    }

    private static IReadOnlyList<RootCauseCandidate> RankWith(IReadOnlyList<Detection> anomalies, IReadOnlyList<ServiceEdge> edges, RootCauseOptions options)
    {
        var graph = new ServiceGraph(edges);
        var incident = Assert.Single(new IncidentGrouper(options).Group(anomalies, graph));
        return new RootCauseRanker(options).Rank(incident, graph, new ChangeCorrelator([], options.ChangeWindow));
    }
}
