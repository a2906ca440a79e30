using System.Globalization;
using System.Text;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Incidents;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// Ranks the services of an incident as root-cause candidates. Four signals, each in 0..1, are mixed with the
/// configured weights:
/// onset order (the root cause's anomalies usually start first; symptoms reach callers later; stray point anomalies
/// do not count as an onset),
/// a personalized PageRank on the anomalous subgraph (<see cref="PersonalizedPageRank"/>, MicroRCA-style: probability
/// gathers at the most downstream anomalous service), change correlation (<see cref="ChangeCorrelator"/>: a deploy
/// or config change shortly before the start), and behaviour change (<see cref="RunBehaviour.OwnChanges"/>: how far
/// the service's call patterns, log lines and metrics departed from the rest of the run, less what a change below it
/// explains; a service whose behaviour changed more than every flagged one's joins the candidates). A changed callee of failing services joins the candidates even without
/// anomalies of its own (<see cref="ChangedNeighbourFinder"/>): a bad deploy may show only at its callers. Orphan spans blame the callers of their service
/// (<see cref="ServiceProfile.Build(DetectedIncident, ServiceGraph)"/>), so lost tracing points at the service that lost
/// its spans. Each candidate's fault kind is named from its signals (<see cref="FaultKindClassifier"/>). A candidate's
/// confidence is its share of the summed scores of all the incident's services, so confidences lie in 0..1 and sum to
/// at most 1.
/// </summary>
public sealed class RootCauseRanker(RootCauseOptions options)
{
    /// <param name="runBehaviour">How every service behaved over the run (<see cref="RunBehaviour"/>); null leaves it out.</param>
    /// <param name="orphans">The run's usual orphan spans per request (<see cref="OrphanBackground"/>); null blames every orphan on its callers.</param>
    public IReadOnlyList<RootCauseCandidate> Rank(DetectedIncident incident, ServiceGraph graph, ChangeCorrelator changes, RunBehaviour? runBehaviour = null, OrphanBackground? orphans = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(changes);
        var profiles = ServiceProfile.Build(incident, graph, options.IsolatedWeight, orphans);
        var n = profiles.Count;
        if (n == 0)
        {
            return [];
        }

        // A service seen only through isolated anomalies cannot claim an onset before the incident's sustained part began.
        var supportedStart = DateTime.MaxValue;
        foreach (var profile in profiles)
        {
            if (profile.HasSupportedOnset && profile.Onset < supportedStart)
            {
                supportedStart = profile.Onset;
            }
        }

        var explained = PropagationExplainer.ExplainedFractions(incident, graph);
        var services = new string[n];
        var severity = new double[n];
        var onsets = new DateTime[n];
        var earliest = DateTime.MaxValue;
        for (var i = 0; i < n; i++)
        {
            services[i] = profiles[i].Service;
            // MicroRCA personalizes the walk by anomaly score; only the share of a service's anomalies that no anomalous
            // callee accounts for is its own, so a caller that merely echoes its callee does not pull the walker home.
            severity[i] = profiles[i].OwnMass * (1 - explained.GetValueOrDefault(profiles[i].Service)) + profiles[i].OrphanBlame;
            onsets[i] = profiles[i].HasSupportedOnset || supportedStart == DateTime.MaxValue || profiles[i].Onset > supportedStart
                ? profiles[i].Onset
                : supportedStart;
            if (onsets[i] < earliest)
            {
                earliest = onsets[i];
            }
        }

        var behaviour = runBehaviour?.OwnChanges(incident.Start, incident.End) ?? [];
        var pageRank = PersonalizedPageRank.Compute(services, severity, graph, options.PageRankDamping);
        var maxPageRank = pageRank.Max();
        var erring = ServicesWithErrors(profiles);

        var scored = new List<ScoredService>(n);
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var delay = (onsets[i] - earliest).TotalSeconds;
            // A service seen only through isolated anomalies has no onset of its own to speak of.
            var onset = (profiles[i].HasSupportedOnset || supportedStart == DateTime.MaxValue ? 1.0 : options.IsolatedWeight)
                / (1.0 + delay / options.OnsetScaleSeconds);
            var walk = maxPageRank > 0 ? pageRank[i] / maxPageRank : 0;
            var change = changes.Correlate(services[i], incident.Start, incident.End);
            var score = options.OnsetWeight * onset + options.PageRankWeight * walk + options.ChangeWeight * (change?.Score ?? 0)
                + options.BehaviourWeight * behaviour.GetValueOrDefault(services[i]).Score;
            var callersErr = CallersErr(graph, services[i], erring);
            scored.Add(new ScoredService(profiles[i], score, delay, pageRank[i], change, FaultKindClassifier.Classify(profiles[i], change, callersErr, behaviour.GetValueOrDefault(services[i]).FaultKind))
            {
                Behaviour = behaviour.GetValueOrDefault(services[i]),
            });
            total += score;
        }

        var earliestService = scored.Where(s => s.Delay == 0).Select(s => s.Profile.Service).Order(StringComparer.Ordinal).First();
        total += AddChangedNeighbours(scored, incident, graph, changes, services, earliest, maxPageRank > 0 ? pageRank : null, maxPageRank);
        total += AddShiftedServices(scored, behaviour, graph, erring);

        scored.Sort(static (a, b) =>
        {
            if (a.Score != b.Score)
            {
                return b.Score.CompareTo(a.Score);
            }

            return a.Profile.Onset != b.Profile.Onset
                ? a.Profile.Onset.CompareTo(b.Profile.Onset)
                : string.CompareOrdinal(a.Profile.Service, b.Profile.Service);
        });

        // Only services that flagged something of their own: a caller blamed for its callees' orphan spans is a suspect,
        // not an anomalous neighbour, and evidence calling it one would contradict its own "no anomalies of its own".
        var anomalous = new HashSet<string>(profiles.Where(static p => p.Count > 0).Select(static p => p.Service), StringComparer.Ordinal);
        var count = Math.Min(scored.Count, options.MaxCandidates);
        var candidates = new List<RootCauseCandidate>(count);
        for (var rank = 0; rank < count; rank++)
        {
            var s = scored[rank];
            var confidence = total > 0 ? s.Score / total : 1.0 / scored.Count;
            var instance = CandidateInstance.Of(
                incident.Anomalies,
                s.Profile.Service,
                s.Fault.FaultKind,
                CandidateInstance.RunningDuring(runBehaviour?.Instances.GetValueOrDefault(s.Profile.Service), incident.Start, incident.End, runBehaviour?.InstancesSeen),
                incident.IsolatedRecordIds);
            candidates.Add(new RootCauseCandidate(
                rank + 1,
                s.Profile.Service,
                s.Fault.FaultKind,
                Math.Round(Math.Clamp(confidence, 0, 1), 4),
                Evidence(s, earliestService, anomalous, graph, instance.Evidence),
                instance.Instance));
        }

        return candidates;
    }

    /// <summary>
    /// Adds the changed callees of failing services (<see cref="ChangedNeighbourFinder"/>) and returns their summed score.
    /// Such a service sits below the failures it would explain, where the random walk would gather had its own telemetry
    /// shown them, so it takes the full walk score, unless the walk already found a sink with sustained anomalies of its
    /// own (a routine deploy next to a real fault): then it takes only its failing callers' best walk score. Its onset
    /// is its change, which precedes the symptoms it triggers.
    /// </summary>
    private double AddChangedNeighbours(
        List<ScoredService> scored,
        DetectedIncident incident,
        ServiceGraph graph,
        ChangeCorrelator changes,
        string[] known,
        DateTime earliest,
        double[]? pageRank,
        double maxPageRank)
    {
        var total = 0.0;
        var knownSet = new HashSet<string>(known, StringComparer.Ordinal);
        var index = new Dictionary<string, int>(known.Length, StringComparer.Ordinal);
        for (var i = 0; i < known.Length; i++)
        {
            index[known[i]] = i;
        }

        var hasSupportedSink = false;
        for (var i = 0; i < scored.Count && !hasSupportedSink; i++)
        {
            var profile = scored[i].Profile;
            hasSupportedSink = profile.HasSupportedOnset && profile.Count > 0
                && !graph.CalleesOf(profile.Service).Keys.Any(c => knownSet.Contains(c) && !string.Equals(c, profile.Service, StringComparison.Ordinal));
        }

        foreach (var neighbour in ChangedNeighbourFinder.Find(incident, graph, changes, knownSet, options.ChangedNeighbourLead))
        {
            var delay = Math.Max(0, (neighbour.Change.Change.Timestamp - earliest).TotalSeconds);
            var onset = 1.0 / (1.0 + delay / options.OnsetScaleSeconds);
            var walk = 1.0;
            if (hasSupportedSink)
            {
                walk = 0;
                foreach (var caller in neighbour.FailingCallers)
                {
                    walk = Math.Max(walk, pageRank is null ? 0 : pageRank[index[caller]] / maxPageRank);
                }
            }

            var score = options.OnsetWeight * onset + options.PageRankWeight * walk + options.ChangeWeight * neighbour.Change.Score;
            var profile = new ServiceProfile(neighbour.Service);
            var fault = FaultKindClassifier.Classify(profile, neighbour.Change, callersLogErrors: true);
            scored.Add(new ScoredService(profile, score, delay, 0, neighbour.Change, fault, neighbour.FailingCallers));
            total += score;
        }

        return total;
    }

    /// <summary>
    /// Adds services that flagged nothing but whose behaviour shifted more than any flagged service's (a code-level fault
    /// changes which lines a service writes without making any one record stand out), and returns their summed score.
    /// </summary>
    private double AddShiftedServices(List<ScoredService> scored, Dictionary<string, BehaviourChange> behaviour, ServiceGraph graph, HashSet<string> erring)
    {
        if (behaviour.Count == 0)
        {
            return 0;
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        var bar = 0.0;
        foreach (var s in scored)
        {
            present.Add(s.Profile.Service);
            bar = Math.Max(bar, behaviour.GetValueOrDefault(s.Profile.Service).Score);
        }

        var total = 0.0;
        foreach (var (service, shift) in behaviour.OrderBy(static b => b.Key, StringComparer.Ordinal))
        {
            if (present.Contains(service) || shift.Score <= bar)
            {
                continue;
            }

            var profile = new ServiceProfile(service);
            var score = options.BehaviourWeight * shift.Score;
            var fault = FaultKindClassifier.Classify(profile, null, CallersErr(graph, service, erring), shift.FaultKind);
            scored.Add(new ScoredService(profile, score, 0, 0, null, fault) { Behaviour = shift });
            total += score;
        }

        return total;
    }

    private static HashSet<string> ServicesWithErrors(List<ServiceProfile> profiles)
    {
        var erring = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            if (profile.FamilyCount(SignalFamily.Errors) > 0)
            {
                erring.Add(profile.Service);
            }
        }

        return erring;
    }

    private static bool CallersErr(ServiceGraph graph, string service, HashSet<string> erring)
    {
        foreach (var caller in graph.CallersOf(service).Keys)
        {
            if (erring.Contains(caller))
            {
                return true;
            }
        }

        return false;
    }

    // Short, relative and free of wall-clock times: evidence is repeated in prompts, where identical incidents must
    // give identical text, and it is read next to the incident's own start and end.
    private static List<string> Evidence(ScoredService s, string earliestService, HashSet<string> anomalous, ServiceGraph graph, string? atOneInstance)
    {
        var profile = s.Profile;
        var evidence = new List<string>(5);
        if (s.FailingCallers is { } failing)
        {
            evidence.Add($"no anomalies of its own; its callers {string.Join(", ", failing)} fail");
        }
        else if (profile.Count == 0)
        {
            evidence.Add("no anomalies of its own");
        }
        else
        {
            evidence.Add(s.Delay == 0 ? "anomalies began first" : $"anomalies began {Seconds(s.Delay)} s after {earliestService}");
        }

        if (s.Behaviour.Score > 0)
        {
            evidence.Add(s.Behaviour.Evidence);
        }

        evidence.Add(s.Fault.Reason);

        if (profile.Count > 0)
        {
            var types = new StringBuilder();
            foreach (var (type, count) in profile.TypeCounts)
            {
                types.Append(types.Length == 0 ? string.Empty : ", ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(type);
            }

            evidence.Add($"{types}, max confidence {profile.MaxConfidence.ToString("0.00", CultureInfo.InvariantCulture)}");
            if (atOneInstance is not null)
            {
                evidence.Add(atOneInstance);
            }
        }

        var callees = AnomalousNeighbours(graph.CalleesOf(profile.Service), anomalous, profile.Service);
        var callers = AnomalousNeighbours(graph.CallersOf(profile.Service), anomalous, profile.Service);
        var position = callees.Count == 0
            ? "calls no anomalous service (most downstream)"
            : $"calls anomalous {string.Join(", ", callees)}";
        if (callers.Count > 0)
        {
            position += $"; called by anomalous {string.Join(", ", callers)}";
        }

        evidence.Add(position);

        if (s.Change is { } change)
        {
            evidence.Add(change.SecondsBeforeStart >= 0
                ? $"{change.Change.EventType} {Seconds(change.SecondsBeforeStart)} s before the incident start"
                : $"{change.Change.EventType} {Seconds(-change.SecondsBeforeStart)} s into the incident");
        }

        return evidence;
    }

    private static List<string> AnomalousNeighbours(IReadOnlyDictionary<string, long> neighbours, HashSet<string> anomalous, string self)
    {
        var list = new List<string>();
        foreach (var neighbour in neighbours.Keys)
        {
            if (anomalous.Contains(neighbour) && !string.Equals(neighbour, self, StringComparison.Ordinal))
            {
                list.Add(neighbour);
            }
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static string Seconds(double seconds) => seconds.ToString("0.#", CultureInfo.InvariantCulture);

    /// <param name="FailingCallers">For a changed service with no anomalies (<see cref="ChangedNeighbourFinder"/>), the failing callers it explains; otherwise null.</param>
    private readonly record struct ScoredService(
        ServiceProfile Profile,
        double Score,
        double Delay,
        double PageRank,
        ChangeCorrelation? Change,
        FaultKindGuess Fault,
        IReadOnlyList<string>? FailingCallers = null)
    {
        /// <summary>The service's own behaviour change in the incident (<see cref="RunBehaviour.OwnChanges"/>); score 0 when none.</summary>
        public BehaviourChange Behaviour { get; init; }
    }
}
