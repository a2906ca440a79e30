using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>What kind of symptom an anomaly is, as far as naming a fault goes.</summary>
public enum SignalFamily
{
    Other,
    Cpu,
    Memory,
    Latency,
    Errors,
    Events,
    Orphans,
}

/// <summary>
/// Sorts a detection into a <see cref="SignalFamily"/> by its detected type and, for metrics, its metric name: a metric
/// of how long something took is latency by the same rule that keeps it out of traffic (<see cref="TimeMetrics.IsTime"/>).
/// </summary>
public static class SignalFamilies
{
    public static SignalFamily Of(Detection anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        switch (anomaly.DetectedType)
        {
            case AnomalyTypes.MissingSpan:
                return SignalFamily.Orphans;
            case AnomalyTypes.NoisyEvent:
                return SignalFamily.Events;
            case AnomalyTypes.ErrorLogBurst:
                return SignalFamily.Errors;
            case AnomalyTypes.LatencySpike:
                return SignalFamily.Latency;
        }

        var name = anomaly.Name;
        if (anomaly.Kind == TelemetryKind.Metric)
        {
            if (ResourceMetrics.IsCpu(name))
            {
                return SignalFamily.Cpu;
            }

            if (ResourceMetrics.IsMemory(name))
            {
                return SignalFamily.Memory;
            }

            if (TimeMetrics.IsTime(name))
            {
                return SignalFamily.Latency;
            }

            if (name.Contains("error", StringComparison.OrdinalIgnoreCase))
            {
                return SignalFamily.Errors;
            }
        }

        return anomaly.Kind switch
        {
            TelemetryKind.Span => SignalFamily.Latency,
            TelemetryKind.Log => SignalFamily.Errors,
            TelemetryKind.Event => SignalFamily.Events,
            _ => SignalFamily.Other,
        };
    }
}
