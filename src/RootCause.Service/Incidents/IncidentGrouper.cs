using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>
/// Groups anomalies into incidents: an anomaly joins an open incident when it comes within the gap of the incident's
/// latest anomaly and its service is already in the incident or calls / is called by one of its services. When an
/// anomaly bridges two open incidents they merge. The sweep runs in (timestamp, record id) order, so the result is
/// deterministic whatever order the batches arrived in.
/// </summary>
public sealed class IncidentGrouper(TimeSpan gap, TimeSpan maxDuration)
{
    public const string IdPrefix = "DET-";

    private sealed class Cluster(long order, Detection first)
    {
        public long Order { get; } = order;
        public DateTime Start { get; set; } = first.Timestamp;
        public DateTime End { get; set; } = first.Timestamp;
        public HashSet<string> Services { get; } = new(StringComparer.Ordinal) { first.Service };
        public List<Detection> Anomalies { get; } = [first];
    }

    public IReadOnlyList<DetectedIncident> Group(IReadOnlyList<Detection> anomalies, ServiceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        ArgumentNullException.ThrowIfNull(graph);

        var ordered = new Detection[anomalies.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = anomalies[i];
        }

        Array.Sort(ordered, static (a, b) =>
        {
            var byTime = a.Timestamp.CompareTo(b.Timestamp);
            return byTime != 0 ? byTime : a.RecordId.CompareTo(b.RecordId);
        });

        var open = new List<Cluster>();
        var closed = new List<Cluster>();
        var matches = new List<Cluster>();
        long nextOrder = 0;
        foreach (var anomaly in ordered)
        {
            for (var i = open.Count - 1; i >= 0; i--)
            {
                if (anomaly.Timestamp - open[i].End > gap)
                {
                    closed.Add(open[i]);
                    open.RemoveAt(i);
                }
            }

            matches.Clear();
            foreach (var cluster in open)
            {
                if (anomaly.Timestamp - cluster.Start <= maxDuration && IsConnected(cluster, anomaly.Service, graph))
                {
                    matches.Add(cluster);
                }
            }

            if (matches.Count == 0)
            {
                open.Add(new Cluster(nextOrder++, anomaly));
                continue;
            }

            // `open` is kept in creation order, so matches[0] is the oldest: merging into it keeps ids stable.
            var target = matches[0];
            for (var m = 1; m < matches.Count; m++)
            {
                Merge(target, matches[m]);
                open.Remove(matches[m]);
            }

            target.Anomalies.Add(anomaly);
            target.Services.Add(anomaly.Service);
            if (anomaly.Timestamp > target.End)
            {
                target.End = anomaly.Timestamp;
            }
        }

        closed.AddRange(open);
        return ToIncidents(closed);
    }

    private static bool IsConnected(Cluster cluster, string service, ServiceGraph graph)
    {
        if (cluster.Services.Contains(service))
        {
            return true;
        }

        foreach (var member in cluster.Services)
        {
            if (graph.AreAdjacent(member, service))
            {
                return true;
            }
        }

        return false;
    }

    private static void Merge(Cluster target, Cluster source)
    {
        target.Anomalies.AddRange(source.Anomalies);
        target.Services.UnionWith(source.Services);
        if (source.Start < target.Start)
        {
            target.Start = source.Start;
        }

        if (source.End > target.End)
        {
            target.End = source.End;
        }
    }

    private static List<DetectedIncident> ToIncidents(List<Cluster> clusters)
    {
        foreach (var cluster in clusters)
        {
            cluster.Anomalies.Sort(static (a, b) => a.RecordId.CompareTo(b.RecordId));
        }

        clusters.Sort(static (a, b) =>
        {
            var byStart = a.Start.CompareTo(b.Start);
            return byStart != 0 ? byStart : a.Anomalies[0].RecordId.CompareTo(b.Anomalies[0].RecordId);
        });

        var incidents = new List<DetectedIncident>(clusters.Count);
        for (var i = 0; i < clusters.Count; i++)
        {
            var cluster = clusters[i];
            incidents.Add(new DetectedIncident(
                FormatId(i + 1), cluster.Start, cluster.End, OrderByOnset(cluster.Anomalies), cluster.Anomalies));
        }

        return incidents;
    }

    private static List<string> OrderByOnset(List<Detection> anomalies)
    {
        var onsets = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var anomaly in anomalies)
        {
            if (!onsets.TryGetValue(anomaly.Service, out var onset) || anomaly.Timestamp < onset)
            {
                onsets[anomaly.Service] = anomaly.Timestamp;
            }
        }

        var services = new List<string>(onsets.Keys);
        services.Sort((a, b) =>
        {
            var byOnset = onsets[a].CompareTo(onsets[b]);
            return byOnset != 0 ? byOnset : string.CompareOrdinal(a, b);
        });
        return services;
    }

    internal static string FormatId(int number) => IdPrefix + number.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
