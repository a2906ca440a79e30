namespace AnomalyPlatform.Generator.Tests.Coverage;

/// <summary>Estates of a chosen size: services in a binary call tree under <c>s0</c>, every service the same.</summary>
internal static class Estates
{
    /// <summary>The audit's estate: 200 services (the most a topology may have) of 100 instances (the most a service may have), 20,000 instances.</summary>
    public static ServiceTopology Largest() => Tree(services: 200, instancesEach: 100);

    public static ServiceTopology Tree(int services, int instancesEach) => new(
        Enumerable.Range(0, services)
            .Select(i => new ServiceDefinition(
                $"s{i}", instancesEach, ["handle"], SelfLatencyMs: 5, ErrorProbability: 0.002, CpuBasePercent: 5, CpuPercentPerRps: 2,
                MemoryBaseMb: 300, new[] { 2 * i + 1, 2 * i + 2 }.Where(c => c < services).Select(c => new ServiceCall($"s{c}", 1.0)).ToArray()))
            .ToList(),
        [new TrafficRoute("default", 1, "handle")],
        entryService: "s0");
}
