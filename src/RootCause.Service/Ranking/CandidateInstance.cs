using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// The instance (pod, task, host) a candidate's fault is at: the one that holds more than half of the candidate's
/// anomalies in the incident. A fault at one replica shows at that replica (its CPU, its spans, its ERROR lines), while
/// the load balancer spreads the replicas' share of a fault elsewhere evenly; when no instance holds a majority the fault
/// reads as the service's, and none is named. Nor is one for lost tracing: the spans flagged for a lost parent are
/// recorded where they ran, not at the instance that lost the parent. A service that ran one instance over the run has
/// its faults there, whatever its anomalies (or none of its own).
/// </summary>
internal static class CandidateInstance
{
    /// <summary>
    /// <paramref name="onlyInstance"/> when the service ran that one instance over the run (its faults can be nowhere
    /// else), else the instance holding more than half of <paramref name="service"/>'s anomalies in
    /// <paramref name="anomalies"/>; null when none does. Not evidence: instance names (pods, hosts) never go into what
    /// an LLM is sent.
    /// </summary>
    public static string? Of(IReadOnlyList<Detection> anomalies, string service, string faultKind, string? onlyInstance = null)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        if (onlyInstance is not null || string.Equals(faultKind, FaultTypes.TracingLoss, StringComparison.Ordinal))
        {
            return onlyInstance;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var anomaly in anomalies)
        {
            if (string.Equals(anomaly.Service, service, StringComparison.Ordinal))
            {
                counts[anomaly.Instance] = counts.GetValueOrDefault(anomaly.Instance) + 1;
                total++;
            }
        }

        foreach (var (instance, count) in counts)
        {
            if (2 * count > total)
            {
                return instance;
            }
        }

        return null;
    }
}
