using AnomalyPlatform.RootCause.Incidents;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>A service with no anomaly of its own that changed just before an incident, and the failing callers it may explain.</summary>
public sealed record ChangedNeighbour(string Service, ChangeCorrelation Change, IReadOnlyList<string> FailingCallers);

/// <summary>
/// Finds the services a bad deploy can hide behind: a deploy or config change makes a service's calls fail, yet its own
/// telemetry may show nothing the detector flags while its callers log the failures. Change-event correlation (the
/// classic RCA prior: most incidents follow a change) therefore looks one hop past the anomalous services: a callee of a
/// service with error symptoms that had a deploy or config change from <c>lead</c> before the incident start to
/// <see cref="FaultKindClassifier.ChangeTriggerSlackSeconds"/> after it becomes a candidate. Only callees of failing
/// services are searched, because failures travel from callee to caller; routine deploys elsewhere stay out.
/// </summary>
public static class ChangedNeighbourFinder
{
    /// <param name="known">Services that are already candidates (anomalous, or blamed for orphans).</param>
    public static List<ChangedNeighbour> Find(
        DetectedIncident incident, ServiceGraph graph, ChangeCorrelator changes, IReadOnlySet<string> known, TimeSpan lead)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(known);

        // Isolated error anomalies count too: a caller that fails now and then because its callee fails is what we look for.
        var failing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var anomaly in incident.Anomalies)
        {
            if (SignalFamilies.Of(anomaly) == SignalFamily.Errors)
            {
                failing.Add(anomaly.Service);
            }
        }

        var slack = TimeSpan.FromSeconds(FaultKindClassifier.ChangeTriggerSlackSeconds);
        var callersOf = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var caller in failing)
        {
            foreach (var callee in graph.CalleesOf(caller).Keys)
            {
                if (known.Contains(callee))
                {
                    continue;
                }

                if (!callersOf.TryGetValue(callee, out var callers))
                {
                    callers = [];
                    callersOf[callee] = callers;
                }

                callers.Add(caller);
            }
        }

        var found = new List<ChangedNeighbour>();
        foreach (var (service, callers) in callersOf)
        {
            if (changes.Trigger(service, incident.Start, lead, slack) is { } change)
            {
                found.Add(new ChangedNeighbour(service, change, callers));
            }
        }

        return found;
    }
}
