using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>A fault kind named for a candidate, and the signal that named it.</summary>
public sealed record FaultKindGuess(string FaultKind, string Reason);

/// <summary>
/// Names the fault behind a candidate from the signals at the service, in the order that separates them best:
/// lost spans (its callees report orphans), a deploy or config change just before, an event flood, memory growth or
/// CPU saturation (whichever began first), a deploy or config change before most of its symptoms, then latency (a
/// delay on its network path when its calls take longer in transit, else an outage when its callers log errors,
/// injected latency otherwise) and errors; a transit delay also names a service whose own anomalies are only readings
/// that moved.
/// The rules mirror how each fault shows in MELT data: a memory leak grows memory before anything fails, a CPU hog
/// raises CPU and latency together, a dependency outage makes callers time out and log failures.
/// </summary>
public static class FaultKindClassifier
{
    /// <summary>A change event this close after the incident start (seconds) still counts as its trigger: detection lags by an interval.</summary>
    public const double ChangeTriggerSlackSeconds = 90;

    /// <summary>The fault kind of a candidate whose own telemetry flags nothing and whose callers do not fail.</summary>
    public const string Unnamed = "unknown";

    /// <param name="callersLogErrors">True when an anomalous caller of the service has error symptoms.</param>
    /// <param name="behaviourKind">
    /// The fault kind the service's strongest behaviour change names, if any (<see cref="BehaviourChange.FaultKind"/>:
    /// calls taking longer in transit): it names a service that is slow, or whose own anomalies are only readings that
    /// moved, unless lost spans, a change, an event flood or a resource of its own does first.
    /// </param>
    public static FaultKindGuess Classify(ServiceProfile profile, ChangeCorrelation? change, bool callersLogErrors, string? behaviourKind = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var own = 0;
        foreach (var family in Enum.GetValues<SignalFamily>())
        {
            own += family == SignalFamily.Orphans ? 0 : profile.FamilyCount(family);
        }

        if (profile.OrphanCount > 0 && profile.OrphanCount >= own)
        {
            var shortOfIt = profile.OrphansShortOfIt > 0 ? $"; {profile.OrphansShortOfIt} of the orphans' requests called it less than such requests usually do" : "";
            var usual = profile.UsualOrphanCount >= 0.5
                ? $", {Math.Round(profile.OrphanCount):0} beyond the {Math.Round(profile.UsualOrphanCount):0} their requests usually show"
                : "";
            return new(FaultTypes.TracingLoss, $"callees report orphan spans ({string.Join(", ", profile.OrphanChildren)}){usual}: its spans were lost{shortOfIt}");
        }

        if (change is { } trigger && IsTrigger(trigger))
        {
            return new(FaultTypes.BadDeploy, $"{trigger.Change.EventType} just before the symptoms");
        }

        int cpu = profile.FamilyCount(SignalFamily.Cpu), memory = profile.FamilyCount(SignalFamily.Memory),
            latency = profile.FamilyCount(SignalFamily.Latency), errors = profile.FamilyCount(SignalFamily.Errors),
            events = profile.FamilyCount(SignalFamily.Events);
        if (events > 0 && events * 2 >= own)
        {
            return new(FaultTypes.EventStorm, Count(events, "noisy event", "noisy events"));
        }

        // Both resources often move together (a starved process's memory spikes with its CPU, a leak's collector burns
        // CPU): the one that moved first is the fault's, memory when they moved in the same reading.
        var cpuFirst = cpu > 0 && profile.FamilyOnset(SignalFamily.Cpu) < profile.FamilyOnset(SignalFamily.Memory);
        if (memory > 0 && !cpuFirst)
        {
            return new(FaultTypes.MemoryLeak, Count(memory, "memory anomaly", "memory anomalies") + (cpu > 0 ? ", no later than its CPU anomalies" : ""));
        }

        if (cpu > 0)
        {
            return new(FaultTypes.CpuHog, Count(cpu, "CPU anomaly", "CPU anomalies") + (memory > 0 ? ", before its memory anomalies" : ""));
        }

        // A change well into the incident still triggered it when most of the service's own symptoms came after it (a
        // few early strays, such as a routine ERROR sharing a five-minute window with the burst, can open the incident
        // minutes before the deploy); resource symptoms above outrank it, as a change at their start would not.
        if (change is { } later && IsChange(later) && profile.MostlyFrom(later.Change.Timestamp))
        {
            return new(FaultTypes.BadDeploy, $"{later.Change.EventType} before most of its symptoms");
        }

        if (latency > 0 && latency >= errors)
        {
            // Calls into or out of the service taking longer between the two ends' spans (the strongest of its
            // behaviour changes) put its slowness on its network path, whatever its callers then show of it.
            if (behaviourKind is not null)
            {
                return new(behaviourKind, "its calls take longer on the way in or out; "
                    + Count(latency, "slow span or latency reading", "slow spans or latency readings") + (callersLogErrors ? ", callers fail" : string.Empty));
            }

            return callersLogErrors
                ? new(FaultTypes.DependencyOutage, Count(latency, "slow span", "slow spans") + ", callers fail")
                : new(FaultTypes.LatencyInjection, Count(latency, "slow span or latency reading", "slow spans or latency readings"));
        }

        if (errors > 0)
        {
            return callersLogErrors
                ? new(FaultTypes.DependencyOutage, Count(errors, "error symptom", "error symptoms") + ", callers fail too")
                : new(AnomalyTypes.ErrorLogBurst, Count(errors, "error symptom", "error symptoms"));
        }

        if (profile.Count == 0)
        {
            // A candidate for what it did not do (a changed neighbour below failing callers, a shifted behaviour): its
            // own telemetry holds nothing to name a fault by, and a guess from an empty profile would be invented.
            return callersLogErrors ? new(FaultTypes.DependencyOutage, "its callers fail while it flags nothing")
                : behaviourKind is not null ? new(behaviourKind, "its calls take longer on the way in or out")
                : new(Unnamed, "fault kind not named: nothing of its own flagged");
        }

        // No sustained latency, errors or resources of its own: a delay in transit says more than a reading that moved
        // (a metric or latency spike), less than a symptom its strays name (an error line, an event, a lost span).
        var dominant = profile.DominantType.Length > 0 ? profile.DominantType : AnomalyTypes.MetricSpike;
        return behaviourKind is not null && dominant is AnomalyTypes.MetricSpike or AnomalyTypes.LatencySpike
            ? new(behaviourKind, "its calls take longer on the way in or out")
            : new(dominant, "dominant anomaly type");
    }

    private static string Count(int count, string one, string many) =>
        count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    private static bool IsChange(ChangeCorrelation change) => change.Change.EventType is EventTypes.Deploy or EventTypes.ConfigChange;

    private static bool IsTrigger(ChangeCorrelation change) => IsChange(change) && change.SecondsBeforeStart >= -ChangeTriggerSlackSeconds;
}
