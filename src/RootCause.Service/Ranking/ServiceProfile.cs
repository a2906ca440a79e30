using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// What one service's part in one incident looks like: its anomalies (how many, how strong, when they began, of which
/// types and signal families), and the orphan spans its callees reported, which point at this service as the one
/// whose spans were lost.
/// </summary>
public sealed class ServiceProfile(string service, double isolatedWeight = 1.0)
{
    private readonly Dictionary<string, int> _typeCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nameCounts = new(StringComparer.Ordinal);
    private readonly int[] _families = new int[Enum.GetValues<SignalFamily>().Length];
    private readonly DateTime[] _familyOnsets = Enumerable.Repeat(DateTime.MaxValue, Enum.GetValues<SignalFamily>().Length).ToArray();
    private readonly SortedSet<string> _orphanChildren = new(StringComparer.Ordinal);
    private readonly List<DateTime> _supportedTimes = [];
    private DateTime _supportedOnset = DateTime.MaxValue;
    private DateTime _anyOnset = DateTime.MaxValue;

    public string Service { get; } = service;

    /// <summary>The service's own anomalies.</summary>
    public int Count { get; private set; }

    /// <summary>Sum of the own anomalies' confidences (isolated ones weighted down), orphan spans excepted (they blame the caller).</summary>
    public double OwnMass { get; private set; }

    /// <summary>Confidence of orphan spans at callees, shared out to this service as their likely lost parent.</summary>
    public double OrphanBlame { get; private set; }

    /// <summary>Orphan spans (weighted by this service's share of their callers) blamed on this service, beyond their services' usual ones.</summary>
    public double OrphanCount { get; private set; }

    /// <summary>Of the orphan spans shared out to this service, the part their services' usual orphans account for (<see cref="OrphanBackground"/>), which blames no one.</summary>
    public double UsualOrphanCount { get; private set; }

    /// <summary>The service's anomaly mass: what the random walk and the ranking weigh.</summary>
    public double Mass => OwnMass + OrphanBlame;

    public double MaxConfidence { get; private set; }

    /// <summary>First supported anomaly (or blamed orphan); the first anomaly of any kind when none was supported.</summary>
    public DateTime Onset => _supportedOnset != DateTime.MaxValue ? _supportedOnset : _anyOnset;

    public DateTime LastSeen { get; private set; } = DateTime.MinValue;

    /// <summary>True when at least one of the service's anomalies (or blamed orphans) was supported, not isolated.</summary>
    public bool HasSupportedOnset => _supportedOnset != DateTime.MaxValue;

    /// <summary>Callee services whose orphan spans were blamed on this service, by name.</summary>
    public IReadOnlyCollection<string> OrphanChildren => _orphanChildren;

    /// <summary>Orphan spans blamed on this service whose requests called it less than usual (<see cref="Detection.LostParentCallers"/>).</summary>
    public int OrphansShortOfIt { get; private set; }

    /// <summary>
    /// Whether most of the service's own supported anomalies (at least half) came at or after <paramref name="time"/>:
    /// a change then preceded the bulk of its symptoms, however early a few strays put the incident's start. False when
    /// it has none.
    /// </summary>
    public bool MostlyFrom(DateTime time)
    {
        var from = 0;
        foreach (var seen in _supportedTimes)
        {
            from += seen >= time ? 1 : 0;
        }

        return _supportedTimes.Count > 0 && 2 * from >= _supportedTimes.Count;
    }

    /// <summary>Supported (not isolated) anomalies of the service in <paramref name="family"/>.</summary>
    public int FamilyCount(SignalFamily family) => _families[(int)family];

    /// <summary>When the service's first supported anomaly in <paramref name="family"/> came; <see cref="DateTime.MaxValue"/> when it has none.</summary>
    public DateTime FamilyOnset(SignalFamily family) => _familyOnsets[(int)family];

    public void Add(Detection anomaly, bool isolated)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        Count++;
        var family = SignalFamilies.Of(anomaly);
        // Fault kinds are named from the sustained symptoms; a stray reading must not turn a CPU hog into a memory leak.
        if (!isolated)
        {
            _families[(int)family]++;
            if (anomaly.Timestamp < _familyOnsets[(int)family])
            {
                _familyOnsets[(int)family] = anomaly.Timestamp;
            }
            if (family != SignalFamily.Orphans)
            {
                _supportedTimes.Add(anomaly.Timestamp);
            }
        }

        if (family != SignalFamily.Orphans)
        {
            OwnMass += (isolated ? isolatedWeight : 1.0) * anomaly.Confidence;
        }

        MaxConfidence = Math.Max(MaxConfidence, anomaly.Confidence);
        Seen(anomaly.Timestamp, isolated);
        _typeCounts[anomaly.DetectedType] = _typeCounts.GetValueOrDefault(anomaly.DetectedType) + 1;
        _nameCounts[anomaly.Name] = _nameCounts.GetValueOrDefault(anomaly.Name) + 1;
    }

    /// <summary>
    /// Blames <paramref name="share"/> of an orphan span at <paramref name="child"/> on this service, of which the part
    /// <paramref name="beyond"/> the child's usual orphans (<see cref="OrphanBackground"/>) counts.
    /// </summary>
    public void AddOrphanBlame(Detection orphan, string child, double share, bool isolated, double beyond = 1.0)
    {
        ArgumentNullException.ThrowIfNull(orphan);
        OrphanBlame += (isolated ? isolatedWeight : 1.0) * share * beyond * orphan.Confidence;
        OrphanCount += share * beyond;
        UsualOrphanCount += share * (1 - beyond);
        _orphanChildren.Add(child);
        OrphansShortOfIt += orphan.LostParentCallers?.Contains(Service, StringComparer.Ordinal) == true ? 1 : 0;
        Seen(orphan.Timestamp, isolated);
    }

    /// <summary>Detected types with counts, most frequent first, ties by name.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> TypeCounts => ByCount(_typeCounts);

    /// <summary>Metric, operation, template or event names with counts, most frequent first, ties by name.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> NameCounts => ByCount(_nameCounts);

    /// <summary>The most frequent detected type; empty for a service known only from its callees' orphans.</summary>
    public string DominantType => TypeCounts.Count == 0 ? string.Empty : TypeCounts[0].Key;

    /// <summary>Profiles of every service in <paramref name="anomalies"/>, ordered by service name (no orphan blame).</summary>
    public static List<ServiceProfile> Build(IReadOnlyList<Detection> anomalies)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        var profiles = new Dictionary<string, ServiceProfile>(StringComparer.Ordinal);
        foreach (var anomaly in anomalies)
        {
            Get(profiles, anomaly.Service).Add(anomaly, isolated: false);
        }

        return Sorted(profiles);
    }

    /// <summary>
    /// Profiles of an incident's services, with each orphan span's confidence shared among the callers of its service
    /// in proportion to their calls (a span loses its parent when the caller's span was lost), so a caller with no
    /// anomaly of its own becomes a candidate; among those its trace called less than usual where it tells
    /// (<see cref="Detection.LostParentCallers"/>); when one service explains all the orphans
    /// (<see cref="LostParentFinder"/>), it takes all the blame. Ordered by service name.
    /// </summary>
    /// <param name="isolatedWeight">Weight of an isolated anomaly's confidence in the mass (1 = same as a supported one).</param>
    /// <param name="background">
    /// The run's usual orphans per request at each service (<see cref="OrphanBackground"/>): only the share of a service's
    /// orphans beyond it blames a caller. Null blames every orphan.
    /// </param>
    public static List<ServiceProfile> Build(DetectedIncident incident, ServiceGraph graph, double isolatedWeight = 1.0, OrphanBackground? background = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(graph);
        // An incident made only of isolated anomalies (a point anomaly, a short burst) is judged on all of them.
        var allIsolated = incident.IsolatedRecordIds.Count >= incident.Anomalies.Count;
        var lostParent = LostParentFinder.SingleLostParent(incident, graph);
        var excess = ExcessShares(incident, background);
        var profiles = new Dictionary<string, ServiceProfile>(StringComparer.Ordinal);
        foreach (var anomaly in incident.Anomalies)
        {
            var isolated = !allIsolated && incident.IsolatedRecordIds.Contains(anomaly.RecordId);
            Get(profiles, anomaly.Service, isolatedWeight).Add(anomaly, isolated);
            if (anomaly.DetectedType != AnomalyTypes.MissingSpan)
            {
                continue;
            }

            // Only orphans beyond the service's usual share blame a caller.
            var beyond = excess.GetValueOrDefault(anomaly.Service, 1.0);
            if (beyond <= 0)
            {
                continue;
            }

            if (lostParent is not null)
            {
                Get(profiles, lostParent, isolatedWeight).AddOrphanBlame(anomaly, anomaly.Service, 1.0, isolated, beyond);
                continue;
            }

            var callers = LostParentFinder.CallersOf(anomaly, graph);
            long total = 0;
            foreach (var calls in callers.Values)
            {
                total += calls;
            }

            foreach (var (caller, calls) in callers)
            {
                Get(profiles, caller, isolatedWeight).AddOrphanBlame(anomaly, anomaly.Service, (double)calls / total, isolated, beyond);
            }
        }

        return Sorted(profiles);
    }

    /// <summary>Per service with orphan spans in the incident, the share of them beyond the run's usual (<see cref="OrphanBackground"/>).</summary>
    private static Dictionary<string, double> ExcessShares(DetectedIncident incident, OrphanBackground? background)
    {
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        if (background is null)
        {
            return shares;
        }

        foreach (var group in incident.Anomalies.Where(static a => a.DetectedType == AnomalyTypes.MissingSpan).GroupBy(static a => a.Service, StringComparer.Ordinal))
        {
            shares[group.Key] = background.ExcessShare(group.Key, group.Count(), incident.Start, incident.End);
        }

        return shares;
    }

    private void Seen(DateTime time, bool isolated)
    {
        if (!isolated && time < _supportedOnset)
        {
            _supportedOnset = time;
        }

        if (time < _anyOnset)
        {
            _anyOnset = time;
        }

        if (time > LastSeen)
        {
            LastSeen = time;
        }
    }

    private static ServiceProfile Get(Dictionary<string, ServiceProfile> profiles, string service, double isolatedWeight = 1.0)
    {
        if (!profiles.TryGetValue(service, out var profile))
        {
            profile = new ServiceProfile(service, isolatedWeight);
            profiles[service] = profile;
        }

        return profile;
    }

    private static List<ServiceProfile> Sorted(Dictionary<string, ServiceProfile> profiles)
    {
        var ordered = new List<ServiceProfile>(profiles.Values);
        ordered.Sort(static (a, b) => string.CompareOrdinal(a.Service, b.Service));
        return ordered;
    }

    private static List<KeyValuePair<string, int>> ByCount(Dictionary<string, int> counts)
    {
        var list = new List<KeyValuePair<string, int>>(counts);
        list.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        return list;
    }
}
