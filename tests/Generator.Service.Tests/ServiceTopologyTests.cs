namespace AnomalyPlatform.Generator.Tests;

public sealed class ServiceTopologyTests
{
    [Fact]
    public void Default_topology_call_graph_is_a_dag_with_callers_before_callees()
    {
        var topology = ServiceTopology.CreateDefault();

        var position = topology.TopologicalOrder.Select((service, index) => (service, index)).ToDictionary(p => topology.Services[p.service].Name, p => p.index);

        Assert.NotEmpty(topology.Edges);
        Assert.All(topology.Edges, edge => Assert.True(position[edge.Caller] < position[edge.Callee], $"{edge.Caller} -> {edge.Callee}"));
    }

    [Fact]
    public void Default_topology_has_fourteen_services_with_two_or_three_instances()
    {
        var topology = ServiceTopology.CreateDefault();

        Assert.Equal(14, topology.Services.Count);
        Assert.All(topology.Services, s => Assert.InRange(s.Instances, 2, 3));
        Assert.Equal(topology.Services.Sum(s => s.Instances), topology.InstanceCount);
    }

    [Fact]
    public void Call_cycle_is_rejected_with_its_path()
    {
        ServiceDefinition Service(string name, string callee) => new(name, 1, ["op"], 1, 0, 1, 1, 100, [new ServiceCall(callee, 1.0)]);

        var error = Assert.Throws<ArgumentException>(() => new ServiceTopology(
            [Service("a", "b"), Service("b", "c"), Service("c", "a")], [new TrafficRoute("all", 1, "op")], "a"));

        Assert.Contains("cycle: a -> b -> c -> a", error.Message);
    }

    [Fact]
    public void Unknown_callee_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceTopology(
            [new ServiceDefinition("a", 1, ["op"], 1, 0, 1, 1, 100, [new ServiceCall("ghost", 1.0)])],
            [new TrafficRoute("all", 1, "op")], "a"));

        Assert.Contains("ghost", error.Message);
    }
}
