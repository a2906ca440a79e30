using System.Globalization;
using System.Text;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Incidents;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// Ranks the services of an incident as root-cause candidates. Three signals from the RCA literature, each in 0..1,
/// are mixed with the configured weights:
/// onset order (the root cause's anomalies usually start first; symptoms reach callers later),
/// a personalized PageRank on the anomalous subgraph (<see cref="PersonalizedPageRank"/>, MicroRCA-style: probability
/// gathers at the most downstream anomalous service), and change correlation (<see cref="ChangeCorrelator"/>: a deploy
/// or config change shortly before the start). A candidate's confidence is its share of the summed scores of all the
/// incident's services, so confidences lie in 0..1 and sum to at most 1.
/// </summary>
public sealed class RootCauseRanker(RootCauseOptions options)
{
    public IReadOnlyList<RootCauseCandidate> Rank(DetectedIncident incident, ServiceGraph graph, ChangeCorrelator changes)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var profiles = ServiceProfile.Build(incident.Anomalies);
        var n = profiles.Count;
        if (n == 0)
        {
            return [];
        }

        var services = new string[n];
        var severity = new double[n];
        var earliest = DateTime.MaxValue;
        for (var i = 0; i < n; i++)
        {
            services[i] = profiles[i].Service;
            severity[i] = profiles[i].ConfidenceSum;
            if (profiles[i].Onset < earliest)
            {
                earliest = profiles[i].Onset;
            }
        }

        var pageRank = PersonalizedPageRank.Compute(services, severity, graph, options.PageRankDamping);
        var maxPageRank = pageRank.Max();

        var scored = new ScoredService[n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var delay = (profiles[i].Onset - earliest).TotalSeconds;
            var onset = 1.0 / (1.0 + delay / options.OnsetScaleSeconds);
            var walk = maxPageRank > 0 ? pageRank[i] / maxPageRank : 0;
            var change = changes.Correlate(services[i], incident.Start, incident.End);
            var score = options.OnsetWeight * onset + options.PageRankWeight * walk + options.ChangeWeight * (change?.Score ?? 0);
            scored[i] = new ScoredService(profiles[i], score, delay, pageRank[i], change);
            total += score;
        }

        Array.Sort(scored, static (a, b) =>
        {
            if (a.Score != b.Score)
            {
                return b.Score.CompareTo(a.Score);
            }

            return a.Profile.Onset != b.Profile.Onset
                ? a.Profile.Onset.CompareTo(b.Profile.Onset)
                : string.CompareOrdinal(a.Profile.Service, b.Profile.Service);
        });

        var earliestService = scored.Where(s => s.Delay == 0).Select(s => s.Profile.Service).Order(StringComparer.Ordinal).First();
        var anomalous = new HashSet<string>(services, StringComparer.Ordinal);
        var count = Math.Min(n, options.MaxCandidates);
        var candidates = new List<RootCauseCandidate>(count);
        for (var rank = 0; rank < count; rank++)
        {
            var s = scored[rank];
            var confidence = total > 0 ? s.Score / total : 1.0 / n;
            candidates.Add(new RootCauseCandidate(
                rank + 1,
                s.Profile.Service,
                s.Profile.DominantType,
                Math.Round(Math.Clamp(confidence, 0, 1), 4),
                Evidence(s, earliestService, anomalous, graph)));
        }

        return candidates;
    }

    private static List<string> Evidence(ScoredService s, string earliestService, HashSet<string> anomalous, ServiceGraph graph)
    {
        var profile = s.Profile;
        var evidence = new List<string>(5);
        evidence.Add(s.Delay == 0
            ? $"anomalies began first, at {Format(profile.Onset)}"
            : $"anomalies began at {Format(profile.Onset)}, {Seconds(s.Delay)} s after {earliestService}");

        var types = new StringBuilder();
        foreach (var (type, count) in profile.TypeCounts)
        {
            types.Append(types.Length == 0 ? string.Empty : ", ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(type);
        }

        evidence.Add($"{Count(profile.Count, "anomaly", "anomalies")} ({types}), max confidence {profile.MaxConfidence.ToString("0.00", CultureInfo.InvariantCulture)}");

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
        evidence.Add($"personalized PageRank {s.PageRank.ToString("0.000", CultureInfo.InvariantCulture)} on the anomalous subgraph");

        if (s.Change is { } change)
        {
            evidence.Add(change.SecondsBeforeStart >= 0
                ? $"{change.Change.EventType} at {Format(change.Change.Timestamp)}, {Seconds(change.SecondsBeforeStart)} s before the incident start"
                : $"{change.Change.EventType} at {Format(change.Change.Timestamp)}, during the incident");
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

    private static string Count(int count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    private static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => seconds.ToString("0.#", CultureInfo.InvariantCulture);

    private readonly record struct ScoredService(ServiceProfile Profile, double Score, double Delay, double PageRank, ChangeCorrelation? Change);
}
