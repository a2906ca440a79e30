using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>
/// Groups anomalies into incidents by time and by the learned call graph, in three steps.
/// (1) Support: an anomaly is supported when its confidence reaches <c>strongConfidence</c> and it belongs to a
/// sustained episode of its service instance and signal family (at least <c>minEpisodeAnomalies</c> strong anomalies at most <c>episodeGap</c>
/// apart, <c>logEpisodeGap</c> after a log line, over at least <c>minEpisode</c>; see <see cref="SustainedEpisodes"/>):
/// a fault lasts minutes at its service; a point anomaly (seconds long) or detector noise near the threshold does not.
/// (2) Sweep over the supported anomalies in (timestamp, record id) order: one joins an open incident when it comes
/// within the gap of the incident's latest anomaly and its service is at most <c>maxHops</c> call-graph edges from one
/// of the incident's services, or the graph does not know one of the two (no span links it to another service: a
/// metrics-only service, or a run without traces, is related by time alone); when it connects two open incidents they
/// merge. A chain longer than the maximum incident length is then cut at its widest pauses until every piece fits, and
/// incidents whose times overlap merge where the merged one still fits.
/// (3) Each isolated anomaly joins the connected incident nearest in time within the gap, without stretching the
/// chain, so a stray point between two incidents can no longer glue them together; the rest are grouped among
/// themselves the same way.
/// The result does not depend on the order the batches arrived in.
/// </summary>
public sealed class IncidentGrouper(
    TimeSpan gap,
    TimeSpan maxDuration,
    int maxHops = 1,
    TimeSpan episodeGap = default,
    TimeSpan minEpisode = default,
    double strongConfidence = 0,
    int minEpisodeAnomalies = 1,
    TimeSpan logEpisodeGap = default)
{
    public const string IdPrefix = "DET-";

    public IncidentGrouper(RootCauseOptions options)
        : this(options.IncidentGap, options.MaxIncidentDuration, options.MaxGraphHops, options.EpisodeGap, options.MinEpisode, options.StrongConfidence, options.MinEpisodeAnomalies, options.LogEpisodeGap)
    {
    }

    private sealed class Cluster(Detection first)
    {
        public DateTime Start { get; set; } = first.Timestamp;
        public DateTime End { get; set; } = first.Timestamp;
        public HashSet<string> Services { get; } = new(StringComparer.Ordinal) { first.Service };
        public List<Detection> Anomalies { get; } = [first];
        public HashSet<long> Isolated { get; } = [];
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

        var supported = new SustainedEpisodes(
            strongConfidence, episodeGap, logEpisodeGap == default ? episodeGap : logEpisodeGap, minEpisode, minEpisodeAnomalies).MarkSupported(ordered, graph);
        var core = new List<Detection>(ordered.Length);
        var isolated = new List<Detection>();
        for (var i = 0; i < ordered.Length; i++)
        {
            (supported[i] ? core : isolated).Add(ordered[i]);
        }

        var clusters = MergeConcurrent(SplitLong(Sweep(core, graph)));
        var byStart = new StartIndex(clusters);
        var strays = new List<Detection>();
        foreach (var anomaly in isolated)
        {
            var home = Nearest(clusters, byStart, anomaly, graph);
            if (home is null)
            {
                strays.Add(anomaly);
                continue;
            }

            Add(home, anomaly);
            home.Isolated.Add(anomaly.RecordId);
        }

        foreach (var cluster in SplitLong(Sweep(strays, graph)))
        {
            foreach (var anomaly in cluster.Anomalies)
            {
                cluster.Isolated.Add(anomaly.RecordId);
            }

            clusters.Add(cluster);
        }

        return ToIncidents(clusters);
    }

    private List<Cluster> Sweep(List<Detection> ordered, ServiceGraph graph)
    {
        var open = new List<Cluster>();
        var closed = new List<Cluster>();
        var matches = new List<Cluster>();
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
                if (IsConnected(cluster, anomaly.Service, graph))
                {
                    matches.Add(cluster);
                }
            }

            if (matches.Count == 0)
            {
                open.Add(new Cluster(anomaly));
                continue;
            }

            // `open` is kept in creation order, so matches[0] is the oldest: merging into it keeps ids stable.
            var target = matches[0];
            for (var m = 1; m < matches.Count; m++)
            {
                Merge(target, matches[m]);
                open.Remove(matches[m]);
            }

            Add(target, anomaly);
        }

        closed.AddRange(open);
        return closed;
    }

    /// <summary>
    /// Cuts every chain longer than the maximum incident length at its widest pause, again and again, until each piece
    /// fits. Cutting at the chain's start plus the maximum length would slice through whichever incident happens to be
    /// there; the widest pause is where one episode ended and the next began (incidents are spaced apart, and the quiet
    /// before one is wider than any pause inside it).
    /// </summary>
    private List<Cluster> SplitLong(List<Cluster> clusters)
    {
        var result = new List<Cluster>(clusters.Count);
        var pending = new Stack<Cluster>(clusters);
        while (pending.Count > 0)
        {
            var cluster = pending.Pop();
            if (cluster.End - cluster.Start <= maxDuration || cluster.Anomalies.Count < 2)
            {
                result.Add(cluster);
                continue;
            }

            cluster.Anomalies.Sort(static (a, b) =>
            {
                var byTime = a.Timestamp.CompareTo(b.Timestamp);
                return byTime != 0 ? byTime : a.RecordId.CompareTo(b.RecordId);
            });
            var cut = 1;
            var widest = TimeSpan.MinValue;
            for (var i = 1; i < cluster.Anomalies.Count; i++)
            {
                var pause = cluster.Anomalies[i].Timestamp - cluster.Anomalies[i - 1].Timestamp;
                if (pause > widest)
                {
                    widest = pause;
                    cut = i;
                }
            }

            pending.Push(Piece(cluster, 0, cut));
            pending.Push(Piece(cluster, cut, cluster.Anomalies.Count));
        }

        return result;
    }

    /// <summary>
    /// Merges incidents whose times overlap, as long as the merged one fits the maximum length. The call graph keeps
    /// apart anomalies at services it does not connect, but two incidents at once are mostly one fault whose services
    /// it cannot join: a service two calls away from another with nothing flagged between them. On
    /// the Nezha days, where fewer metric anomalies tie a fault's services together (a pod's series cut short, hours of
    /// steady load), a fault's incident came apart into several paged pieces beside the day's usual slow spans.
    /// </summary>
    private List<Cluster> MergeConcurrent(List<Cluster> clusters)
    {
        clusters.Sort(static (a, b) =>
        {
            var byStart = a.Start.CompareTo(b.Start);
            return byStart != 0 ? byStart : a.Anomalies[0].RecordId.CompareTo(b.Anomalies[0].RecordId);
        });
        var merged = new List<Cluster>(clusters.Count);
        foreach (var cluster in clusters)
        {
            if (merged.Count > 0 && merged[^1] is var last && cluster.Start <= last.End
                && (cluster.End > last.End ? cluster.End : last.End) - last.Start <= maxDuration)
            {
                Merge(last, cluster);
            }
            else
            {
                merged.Add(cluster);
            }
        }

        return merged;
    }

    private static Cluster Piece(Cluster cluster, int from, int to)
    {
        var piece = new Cluster(cluster.Anomalies[from]);
        for (var i = from + 1; i < to; i++)
        {
            Add(piece, cluster.Anomalies[i]);
        }

        foreach (var anomaly in piece.Anomalies)
        {
            if (cluster.Isolated.Contains(anomaly.RecordId))
            {
                piece.Isolated.Add(anomaly.RecordId);
            }
        }

        return piece;
    }

    /// <summary>
    /// The connected incident whose span, widened by the gap, holds the anomaly and lies nearest to it in time, and
    /// which would not grow past the maximum length by taking it; of two as near, the earlier in <paramref name="clusters"/>.
    /// Only the incidents <paramref name="byStart"/> finds near the anomaly are looked at, not every incident of the run.
    /// </summary>
    private Cluster? Nearest(List<Cluster> clusters, StartIndex byStart, Detection anomaly, ServiceGraph graph)
    {
        Cluster? best = null;
        var bestDistance = TimeSpan.MaxValue;
        var bestPosition = int.MaxValue;
        // Every incident is at most maxDuration long and only grows by taking anomalies, so one that an anomaly is
        // within the gap of started, when indexed, within gap + maxDuration of it on either side.
        var reach = gap + maxDuration;
        foreach (var position in byStart.Between(anomaly.Timestamp.Ticks - reach.Ticks, anomaly.Timestamp.Ticks + reach.Ticks))
        {
            var cluster = clusters[position];
            var distance = anomaly.Timestamp < cluster.Start ? cluster.Start - anomaly.Timestamp
                : anomaly.Timestamp > cluster.End ? anomaly.Timestamp - cluster.End
                : TimeSpan.Zero;
            var start = anomaly.Timestamp < cluster.Start ? anomaly.Timestamp : cluster.Start;
            var end = anomaly.Timestamp > cluster.End ? anomaly.Timestamp : cluster.End;
            if (distance <= gap && (distance < bestDistance || (distance == bestDistance && position < bestPosition))
                && end - start <= maxDuration && IsConnected(cluster, anomaly.Service, graph))
            {
                best = cluster;
                bestDistance = distance;
                bestPosition = position;
            }
        }

        return best;
    }

    /// <summary>The positions of a list of incidents, ordered by the start each had when indexed.</summary>
    private sealed class StartIndex
    {
        private readonly long[] _starts;
        private readonly int[] _positions;

        public StartIndex(List<Cluster> clusters)
        {
            _starts = new long[clusters.Count];
            _positions = new int[clusters.Count];
            for (var i = 0; i < clusters.Count; i++)
            {
                _starts[i] = clusters[i].Start.Ticks;
                _positions[i] = i;
            }

            Array.Sort(_starts, _positions);
        }

        /// <summary>The positions of the incidents that started from <paramref name="fromTicks"/> to <paramref name="toTicks"/>, in no particular order.</summary>
        public IEnumerable<int> Between(long fromTicks, long toTicks)
        {
            int low = 0, high = _starts.Length;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (_starts[middle] < fromTicks)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            for (var i = low; i < _starts.Length && _starts[i] <= toTicks; i++)
            {
                yield return _positions[i];
            }
        }
    }

    private bool IsConnected(Cluster cluster, string service, ServiceGraph graph)
    {
        if (cluster.Services.Contains(service))
        {
            return true;
        }

        // A service no span links to any other (metrics or logs only, or a run with no traces) has no place in the
        // graph to keep it apart: time is all that relates it to what happens beside it.
        if (!graph.Knows(service))
        {
            return true;
        }

        foreach (var member in cluster.Services)
        {
            if (!graph.Knows(member))
            {
                return true;
            }

            if (graph.Hops(member, service) <= maxHops)
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(Cluster cluster, Detection anomaly)
    {
        cluster.Anomalies.Add(anomaly);
        cluster.Services.Add(anomaly.Service);
        if (anomaly.Timestamp > cluster.End)
        {
            cluster.End = anomaly.Timestamp;
        }

        if (anomaly.Timestamp < cluster.Start)
        {
            cluster.Start = anomaly.Timestamp;
        }
    }

    private static void Merge(Cluster target, Cluster source)
    {
        target.Anomalies.AddRange(source.Anomalies);
        target.Services.UnionWith(source.Services);
        target.Isolated.UnionWith(source.Isolated);
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
                FormatId(i + 1), cluster.Start, cluster.End, OrderByOnset(cluster.Anomalies), cluster.Anomalies, cluster.Isolated));
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
