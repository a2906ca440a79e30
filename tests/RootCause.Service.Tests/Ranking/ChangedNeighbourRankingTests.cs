using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class ChangedNeighbourRankingTests
{
    private static readonly RootCauseOptions Options = new();

    private static IReadOnlyList<RootCauseCandidate> Rank(
        IReadOnlyList<Detection> anomalies, IReadOnlyList<ServiceEdge> edges, IReadOnlyList<ChangeEvent> changes)
    {
        var graph = new ServiceGraph(edges);
        var incident = Assert.Single(new IncidentGrouper(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)).Group(anomalies, graph));
        return new RootCauseRanker(Options).Rank(incident, graph, new ChangeCorrelator(changes, Options.ChangeWindow));
    }

    private static Detection Error(long id, string service, double seconds) =>
        At(id, service, seconds, AnomalyTypes.ErrorLogBurst, name: "dependency_unavailable", kind: TelemetryKind.Log);

    // api-gateway -> catalog -> database, api-gateway -> auth -> database: database is silent, its callers fail.
    private static readonly ServiceEdge[] DatabaseEdges =
    [
        Edge("api-gateway", "catalog"), Edge("api-gateway", "auth"), Edge("catalog", "database"), Edge("auth", "database"),
    ];

    private static readonly Detection[] CallersOfDatabaseFail =
    [
        Error(1, "catalog", 0), Error(2, "auth", 5), Error(3, "catalog", 10), Error(4, "auth", 15), Error(5, "catalog", 20),
        Error(6, "api-gateway", 30), Error(7, "api-gateway", 40),
    ];

    [Fact]
    public void Silent_service_deployed_just_before_its_callers_fail_ranks_first_as_a_bad_deploy()
    {
        ChangeEvent[] deploy = [new(99, T0.AddSeconds(-10), "database", "database-1", "deploy")];

        var without = Rank(CallersOfDatabaseFail, DatabaseEdges, []);
        var with = Rank(CallersOfDatabaseFail, DatabaseEdges, deploy);

        Assert.DoesNotContain(without, c => c.Service == "database");
        Assert.Equal("database", with[0].Service);
        Assert.Equal(FaultTypes.BadDeploy, with[0].FaultKind);
        Assert.Contains(with[0].Evidence, e => e.StartsWith("no anomalies of its own; its callers auth, catalog fail", StringComparison.Ordinal));
        Assert.Contains(with[0].Evidence, e => e.StartsWith("deploy 10 s before the incident start", StringComparison.Ordinal));
        Assert.InRange(with.Sum(c => c.Confidence), 0.99, 1.0001);
    }

    [Fact]
    public void Silent_service_with_a_deploy_long_before_the_lead_or_with_a_restart_is_not_a_candidate()
    {
        ChangeEvent[] changes =
        [
            new(98, T0.AddSeconds(-Options.ChangedNeighbourLeadSeconds - 60), "database", "database-1", "deploy"),
            new(99, T0.AddSeconds(-5), "database", "database-1", "restart"),
        ];

        var candidates = Rank(CallersOfDatabaseFail, DatabaseEdges, changes);

        Assert.DoesNotContain(candidates, c => c.Service == "database");
    }

    [Fact]
    public void Routine_config_change_next_to_a_failing_sink_with_its_own_sustained_errors_does_not_take_first_place()
    {
        // notification fails on its own from the start and checkout echoes it within a second; database, also called by checkout, only
        // had a config change 20 s before: a coincidence, not the cause.
        ServiceEdge[] edges = [Edge("checkout", "notification"), Edge("checkout", "database")];
        var anomalies = new List<Detection>();
        for (var i = 0; i < 6; i++)
        {
            anomalies.Add(Error(1 + i, "notification", i * 10));
        }

        anomalies.Add(Error(10, "checkout", 21));
        anomalies.Add(Error(11, "checkout", 41));
        ChangeEvent[] change = [new(99, T0.AddSeconds(-20), "database", "database-0", "config_change")];

        var candidates = Rank(anomalies, edges, change);

        Assert.Equal("notification", candidates[0].Service);
        Assert.Contains(candidates, c => c.Service == "database" && c.FaultKind == FaultTypes.BadDeploy);
    }
}
