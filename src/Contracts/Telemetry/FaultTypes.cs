namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>The fault types an injected incident can have (<see cref="GroundTruthIncident.FaultType"/>).</summary>
public static class FaultTypes
{
    public const string CpuHog = "cpu_hog";
    public const string MemoryLeak = "memory_leak";
    public const string LatencyInjection = "latency_injection";
    public const string BadDeploy = "bad_deploy";
    public const string DependencyOutage = "dependency_outage";
    public const string TracingLoss = "tracing_loss";
    public const string EventStorm = "event_storm";

    /// <summary>The four anomaly kinds of the original design double as simple fault types.</summary>
    public const string ErrorLogBurst = AnomalyTypes.ErrorLogBurst;
    public const string MetricSpike = AnomalyTypes.MetricSpike;
    public const string MissingSpan = AnomalyTypes.MissingSpan;
    public const string NoisyEvent = AnomalyTypes.NoisyEvent;
}
