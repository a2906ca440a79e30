namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>
/// Which metrics measure a resource, by their names: CPU (<c>cpu_percent</c>, <c>process_cpu_utilization</c>) or memory
/// (<c>memory_mb</c>, <c>jvm_heap_used</c>, <c>container_memory_working_set_bytes</c>). One rule for the ranking, which
/// reads them as CPU and memory symptoms (<see cref="Ranking.SignalFamilies"/>), and the traffic-change vote, where they
/// move with the load (<see cref="TrafficChange"/>).
/// </summary>
public static class ResourceMetrics
{
    public static bool IsCpu(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Contains("cpu", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsMemory(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Contains("mem", StringComparison.OrdinalIgnoreCase) || name.Contains("heap", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsResource(string name) => IsCpu(name) || IsMemory(name);
}
