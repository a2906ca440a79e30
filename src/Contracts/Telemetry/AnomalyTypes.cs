namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>
/// The record-level anomaly types used in labels, detections and the evaluation: the four kinds of the original design,
/// plus slow spans. An incident's fault type (<see cref="FaultTypes"/>) shows up in its records as one or more of these.
/// </summary>
public static class AnomalyTypes
{
    /// <summary>A burst of ERROR log lines at one service.</summary>
    public const string ErrorLogBurst = "error_log_burst";

    /// <summary>A metric reading far outside its series' normal range.</summary>
    public const string MetricSpike = "metric_spike";

    /// <summary>A span whose parent span never arrived (the parent was lost).</summary>
    public const string MissingSpan = "missing_span";

    /// <summary>A flood of events (restarts, health-check flaps, config changes) at one service.</summary>
    public const string NoisyEvent = "noisy_event";

    /// <summary>A span far slower than its operation's normal duration (injected latency, a slow dependency).</summary>
    public const string LatencySpike = "latency_spike";

    /// <summary>Every type, in the order reports list them.</summary>
    public static IReadOnlyList<string> All { get; } = [ErrorLogBurst, MetricSpike, MissingSpan, NoisyEvent, LatencySpike];
}
