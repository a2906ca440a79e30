using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Incidents;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// How much of each service's part in an incident its callees explain. Faults travel from a callee up to its callers:
/// a slow call slows the caller's span in the same trace, a failing call makes the caller log within the same second,
/// and per-minute metrics of both move in the same interval. So an anomaly of a service that coincides (within
/// <see cref="CoincidenceWindow"/>) with a sustained anomaly of one of its anomalous callees is probably propagated;
/// the root cause is the service whose anomalies nothing downstream accounts for. Isolated anomalies (stray points)
/// neither explain nor are explained, and orphan spans are left out: they blame the caller, not the service.
/// </summary>
public static class PropagationExplainer
{
    /// <summary>Two anomalies this close (seconds) are taken as one event seen at two services.</summary>
    public static readonly TimeSpan CoincidenceWindow = TimeSpan.FromSeconds(2);

    /// <summary>For each service of the incident: the fraction (0..1) of its supported own anomalies that an anomalous callee explains.</summary>
    public static Dictionary<string, double> ExplainedFractions(DetectedIncident incident, ServiceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(graph);
        var allIsolated = incident.IsolatedRecordIds.Count >= incident.Anomalies.Count;
        var times = new Dictionary<string, List<DateTime>>(StringComparer.Ordinal);
        foreach (var anomaly in incident.Anomalies)
        {
            if (SignalFamilies.Of(anomaly) == SignalFamily.Orphans || (!allIsolated && incident.IsolatedRecordIds.Contains(anomaly.RecordId)))
            {
                continue;
            }

            if (!times.TryGetValue(anomaly.Service, out var list))
            {
                list = [];
                times[anomaly.Service] = list;
            }

            list.Add(anomaly.Timestamp);
        }

        foreach (var list in times.Values)
        {
            list.Sort();
        }

        var fractions = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (service, own) in times)
        {
            var callees = new List<List<DateTime>>();
            foreach (var callee in graph.CalleesOf(service).Keys)
            {
                if (times.TryGetValue(callee, out var calleeTimes))
                {
                    callees.Add(calleeTimes);
                }
            }

            var explained = 0;
            if (callees.Count > 0)
            {
                foreach (var time in own)
                {
                    if (callees.Exists(c => HasNear(c, time)))
                    {
                        explained++;
                    }
                }
            }

            fractions[service] = (double)explained / own.Count;
        }

        return fractions;
    }

    private static bool HasNear(List<DateTime> sorted, DateTime time)
    {
        var index = sorted.BinarySearch(time - CoincidenceWindow);
        if (index < 0)
        {
            index = ~index;
        }

        return index < sorted.Count && sorted[index] <= time + CoincidenceWindow;
    }
}
