namespace AnomalyPlatform.Generator;

/// <summary>The six metrics every instance reports once per interval, in emission order.</summary>
internal static class MetricNames
{
    public const int CpuPercent = 0, MemoryMb = 1, RequestRate = 2, ErrorRate = 3, LatencyP50 = 4, LatencyP95 = 5;

    public static readonly string[] All = ["cpu_percent", "memory_mb", "request_rate", "error_rate", "latency_p50_ms", "latency_p95_ms"];

    public static int Count => All.Length;
}
