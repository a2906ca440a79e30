using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Tests.Support;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Incidents;

public sealed class IncidentGrouperTests
{
    private static readonly IncidentGrouper Grouper = new(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));

    [Fact]
    public void Anomalies_further_apart_than_the_gap_form_separate_incidents()
    {
        var anomalies = new[] { At(1, "payment", 0), At(2, "payment", 60), At(3, "payment", 60 + 301) };

        var incidents = Grouper.Group(anomalies, new ServiceGraph(ShopEdges));

        Assert.Equal(2, incidents.Count);
        Assert.Equal([1L, 2L], incidents[0].Anomalies.Select(a => a.RecordId));
        Assert.Equal([3L], incidents[1].Anomalies.Select(a => a.RecordId));
    }

    [Fact]
    public void Anomalies_close_in_time_on_connected_services_form_one_incident()
    {
        var anomalies = new[] { At(1, "payment", 0), At(2, "checkout", 30), At(3, "api-gateway", 90), At(4, "frontend", 120) };

        var incidents = Grouper.Group(anomalies, new ServiceGraph(ShopEdges));

        var incident = Assert.Single(incidents);
        Assert.Equal(["payment", "checkout", "api-gateway", "frontend"], incident.Services);
        Assert.Equal(T0, incident.Start);
        Assert.Equal(T0.AddSeconds(120), incident.End);
    }

    [Fact]
    public void Anomalies_close_in_time_on_unconnected_services_form_separate_incidents()
    {
        var anomalies = new[] { At(1, "payment", 0), At(2, "search", 10), At(3, "payment", 20) };

        var incidents = Grouper.Group(anomalies, new ServiceGraph(ShopEdges));

        Assert.Equal(2, incidents.Count);
        Assert.Equal(["payment"], incidents[0].Services);
        Assert.Equal(["search"], incidents[1].Services);
    }

    [Fact]
    public void An_anomaly_connecting_two_open_incidents_merges_them()
    {
        // payment and api-gateway are not adjacent; checkout calls payment and is called by api-gateway.
        var anomalies = new[] { At(1, "payment", 0), At(2, "api-gateway", 10), At(3, "checkout", 20) };

        var incidents = Grouper.Group(anomalies, new ServiceGraph(ShopEdges));

        var incident = Assert.Single(incidents);
        Assert.Equal([1L, 2L, 3L], incident.Anomalies.Select(a => a.RecordId));
    }

    [Fact]
    public void Grouping_is_independent_of_input_order_and_ids_follow_start_time()
    {
        var anomalies = new[]
        {
            At(1, "search", 1_000), At(2, "payment", 0), At(3, "checkout", 20), At(4, "search", 1_030), At(5, "payment", 5),
        };
        var graph = new ServiceGraph(ShopEdges);

        var forward = Grouper.Group(anomalies, graph);
        var backward = Grouper.Group(anomalies.Reverse().ToArray(), graph);

        Assert.Equal(["DET-0001", "DET-0002"], forward.Select(i => i.Id));
        Assert.Equal([2L, 3L, 5L], forward[0].Anomalies.Select(a => a.RecordId));
        Assert.Equal(
            forward.Select(i => (i.Id, string.Join(',', i.Anomalies.Select(a => a.RecordId)))),
            backward.Select(i => (i.Id, string.Join(',', i.Anomalies.Select(a => a.RecordId)))));
    }
}
