using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// The instance (pod, task, host) a candidate's fault is at: the one that holds more than half of the candidate's
/// anomalies in the incident. A fault at one replica shows at that replica (its CPU, its spans, its ERROR lines), while
/// the load balancer spreads the replicas' share of a fault elsewhere evenly; when no instance holds a majority the fault
/// reads as the service's, and none is named. Stray points (the incident's isolated anomalies, which weigh nothing in
/// the ranking) are left out of the count where the service has anomalies of a sustained episode: a short burst of
/// ERROR lines at another replica minutes before the fault is not where the fault is. Lost tracing is not told by its
/// flagged spans, which are recorded where they ran, not at the instance that lost their parent, but by the instance
/// that kept logging in the orphans' requests (<see cref="Detection.LostParentInstances"/>). A service that ran one
/// instance at the incident's time has its faults there, whatever its anomalies (or none of its own): a pod replaced
/// before or after is not a second instance (<see cref="RunningDuring"/>).
/// </summary>
internal static class CandidateInstance
{
    /// <summary>
    /// How close to the input's first or last record an instance's own first or last may lie and the instance still be
    /// taken to have run from the input's start or to its end: in its first or last minutes it had nothing to report (its
    /// scrape came later in the minute, no request reached it), it did not start or stop. The overlap a replacement may
    /// have (<c>InstanceLineage</c>).
    /// </summary>
    internal static readonly TimeSpan InputEdge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Of the instances a service ran over the run (null when unknown), those whose records began before the incident's
    /// end and went on past its start, an instance seen within <see cref="InputEdge"/> of the input's first or last record
    /// (<paramref name="input"/>, the first and last of every instance's) running from its start or to its end; all of
    /// them where none did (a service whose records stopped before the incident, blamed for what its callers saw).
    /// </summary>
    public static IReadOnlyList<string>? RunningDuring(
        IReadOnlyList<InstanceSeen>? instancesRun, DateTime start, DateTime end, (DateTime First, DateTime Last)? input = null)
    {
        if (instancesRun is null)
        {
            return null;
        }

        bool Running(InstanceSeen seen)
        {
            var first = input is { } edges && seen.First - edges.First <= InputEdge ? DateTime.MinValue : seen.First;
            var last = input is { } ends && ends.Last - seen.Last <= InputEdge ? DateTime.MaxValue : seen.Last;
            return first <= end && last >= start;
        }

        var running = instancesRun.Where(Running).Select(static i => i.Instance).ToList();
        return running.Count > 0 ? running : [.. instancesRun.Select(static i => i.Instance)];
    }

    /// <summary>
    /// The only instance of <paramref name="service"/> when <paramref name="instancesRun"/> (the instances it ran at
    /// the incident's time, <see cref="RunningDuring"/>; null when unknown) holds one, its faults being nowhere else; else the instance holding more than half of
    /// its anomalies in <paramref name="anomalies"/> (those not in <paramref name="isolated"/>, where it has any), with
    /// evidence saying so without naming it (instance names, pods and hosts, never go into what an LLM is sent); none
    /// otherwise.
    /// </summary>
    public static Named Of(
        IReadOnlyList<Detection> anomalies, string service, string faultKind, IReadOnlyList<string>? instancesRun = null, IReadOnlySet<long>? isolated = null)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        if (instancesRun is [var only])
        {
            return new Named(only, null);
        }

        if (string.Equals(faultKind, FaultTypes.TracingLoss, StringComparison.Ordinal))
        {
            return LostTracing(anomalies, instancesRun);
        }

        var all = new Dictionary<string, int>(StringComparer.Ordinal);
        var sustained = new Dictionary<string, int>(StringComparer.Ordinal);
        int allTotal = 0, sustainedTotal = 0;
        foreach (var anomaly in anomalies)
        {
            if (!string.Equals(anomaly.Service, service, StringComparison.Ordinal))
            {
                continue;
            }

            all[anomaly.Instance] = all.GetValueOrDefault(anomaly.Instance) + 1;
            allTotal++;
            if (isolated?.Contains(anomaly.RecordId) != true)
            {
                sustained[anomaly.Instance] = sustained.GetValueOrDefault(anomaly.Instance) + 1;
                sustainedTotal++;
            }
        }

        var (counts, total, strays) = sustainedTotal > 0 ? (sustained, sustainedTotal, allTotal - sustainedTotal) : (all, allTotal, 0);
        foreach (var (instance, count) in counts)
        {
            if (2 * count > total)
            {
                return new Named(instance, Evidence(count, total, strays, instancesRun?.Count, counts.Count));
            }
        }

        return Named.None;
    }

    /// <summary>
    /// Lost tracing: the instance of the service that wrote a log line in more than half of the requests of the
    /// incident's orphan spans in which one of its instances did (<see cref="Detection.LostParentInstances"/>): the
    /// replica whose spans were lost kept logging. None where the service's instances are not known or none logged.
    /// </summary>
    private static Named LostTracing(IReadOnlyList<Detection> anomalies, IReadOnlyList<string>? instancesRun)
    {
        if (instancesRun is null)
        {
            return Named.None;
        }

        var own = new HashSet<string>(instancesRun, StringComparer.Ordinal);
        var logged = new Dictionary<string, int>(StringComparer.Ordinal);
        var orphans = 0;
        foreach (var anomaly in anomalies)
        {
            if (anomaly.DetectedType != AnomalyTypes.MissingSpan || anomaly.LostParentInstances is not { Count: > 0 } instances)
            {
                continue;
            }

            var counted = false;
            foreach (var instance in instances)
            {
                if (own.Contains(instance))
                {
                    logged[instance] = logged.GetValueOrDefault(instance) + 1;
                    counted = true;
                }
            }

            orphans += counted ? 1 : 0;
        }

        foreach (var (instance, count) in logged.OrderBy(static l => l.Key, StringComparer.Ordinal))
        {
            if (2 * count > orphans)
            {
                return new Named(instance, $"one of its {instancesRun.Count} instances logged in {count} of the {orphans} orphans' requests it took part in");
            }
        }

        return Named.None;
    }

    /// <summary>
    /// "9 of its 11 anomalies at one of its 3 instances" (or "at one instance" where the run did not say how many it
    /// ran; "9 of its 11 sustained anomalies ...; 2 stray points left out" where some were): where the service is known
    /// to run several and several anomalies are counted.
    /// </summary>
    private static string? Evidence(int count, int total, int strays, int? instancesRun, int instancesFlagged)
    {
        var several = instancesRun is { } known ? known >= 2 : instancesFlagged >= 2;
        if (!several || total < 2)
        {
            return null;
        }

        var where = instancesRun is { } run ? $"one of its {run} instances" : "one instance";
        // With stray points left out, the count is of the others, which a reader must not take for all it flagged.
        var which = strays > 0 ? "sustained anomalies" : "anomalies";
        var counted = count == total ? $"all {total} of its {which} at {where}" : $"{count} of its {total} {which} at {where}";
        return strays switch
        {
            0 => counted,
            1 => counted + "; 1 stray point left out",
            _ => $"{counted}; {strays} stray points left out",
        };
    }

    /// <summary>The instance named (null when none) and evidence of it that names no instance (null when there is none to give).</summary>
    internal sealed record Named(string? Instance, string? Evidence)
    {
        public static Named None { get; } = new(null, null);
    }
}
