using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Pods that the input names twice: Prometheus names a scrape target by its address (<c>10.0.3.7:8080</c>), an
/// OpenTelemetry SDK a process by its <c>service.instance.id</c>, a log shipper the pod by its name. Left so, a pod's CPU
/// and its spans are two instances of the service, and a fault found in the CPU is put on a name the traces never carry.
/// Within a service, kinds of record (spans, log lines, metrics) whose instance names share none name its pods in
/// different ways, and each name of one way is read as the other way's name of the same pod: the one alive at the same
/// time where only one is; else the one whose activity, minute by minute, its own follows beyond chance (a pod's
/// latency readings and its spans' durations, its request rate and its spans' count), one to one. The names that carry
/// the service's name are kept (pod names do, addresses and process ids do not), else those of the most kinds (the
/// spans' on a tie), so that the ranking names pods as people know them.
/// </summary>
/// <remarks>
/// A pair's fit is its series' strongest correlation as a Fisher z (about standard normal by chance, so a difference of
/// two about normal with variance 2). "Beyond chance": a pair's fit leads every other open pair's of either name by
/// more than the largest of as many such differences as series were compared would reach by chance once in a thousand
/// inputs (a Chernoff bound on the normal tail, so no table of quantiles). Replicas that behave alike (one load, no
/// fault) are left apart and said to be so.
/// </remarks>
internal static class InstanceAliases
{
    /// <param name="Aliases">Names read as another of the same service's (service, name as read, name kept), in ordinal order.</param>
    /// <param name="Unmatched">Services some of whose names were left as read, with how many.</param>
    internal sealed record Outcome(IReadOnlyList<(string Service, string Alias, string Instance)> Aliases, IReadOnlyList<(string Service, int Names)> Unmatched)
    {
        public static Outcome None { get; } = new([], []);
    }

    /// <summary>The share of inputs in which chance alone may match two names.</summary>
    private const double ChanceMatches = 1e-3;

    public static (List<TelemetryRecord> Records, Outcome Outcome) Resolve(List<TelemetryRecord> records) => Resolve(records, PodKinds.Of(records));

    /// <param name="pods">The kinds carrying each service and instance in <paramref name="records"/>.</param>
    public static (List<TelemetryRecord> Records, Outcome Outcome) Resolve(List<TelemetryRecord> records, PodKinds pods)
    {
        var namings = Namings(pods);
        if (namings.Count == 0)
        {
            return (records, Outcome.None);
        }

        var activity = InstanceActivity.Of(records, namings.SelectMany(static n => n.Value.Kept.Concat(n.Value.Others.SelectMany(static o => o))).ToHashSet());
        var aliases = new Dictionary<(string Service, string Instance), string>();
        var unmatched = new List<(string, int)>();
        foreach (var (service, (kept, others)) in namings.OrderBy(static n => n.Key, StringComparer.Ordinal))
        {
            var left = 0;
            foreach (var names in others)
            {
                var matched = Match(kept, names, activity);
                foreach (var (alias, instance) in matched)
                {
                    aliases[(service, alias)] = instance;
                }

                left += names.Count - matched.Count;
            }

            if (left > 0)
            {
                unmatched.Add((service, left));
            }
        }

        if (aliases.Count > 0)
        {
            for (var i = 0; i < records.Count; i++)
            {
                if (aliases.TryGetValue((records[i].Service, records[i].Instance), out var instance))
                {
                    records[i] = records[i] with { Instance = instance };
                }
            }
        }

        var list = aliases.OrderBy(static a => a.Key.Service, StringComparer.Ordinal).ThenBy(static a => a.Key.Instance, StringComparer.Ordinal)
            .Select(static a => (a.Key.Service, a.Key.Instance, a.Value)).ToList();
        return (records, new Outcome(list, unmatched));
    }

    /// <summary>
    /// Per service whose kinds of record name its pods in ways that share no name: the names kept (the way of the most
    /// kinds; spans', then log lines', on a tie) and the names of each other way.
    /// </summary>
    private static Dictionary<string, (List<(string Service, string Instance)> Kept, List<List<(string Service, string Instance)>> Others)> Namings(
        PodKinds pods)
    {
        var kinds = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var ((service, instance), carried) in pods.Kinds)
        {
            if ((carried & Named) is var bits and > 0 && instance.Length > 0)
            {
                if (!kinds.TryGetValue(service, out var names))
                {
                    kinds[service] = names = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                names[instance] = names.GetValueOrDefault(instance) | bits;
            }
        }

        var namings = new Dictionary<string, (List<(string, string)>, List<List<(string, string)>>)>(StringComparer.Ordinal);
        foreach (var (service, names) in kinds)
        {
            // Kinds that name one pod alike are one way of naming; a name's kinds all lie in one way.
            var ways = new List<int>();
            foreach (var mask in names.Values.Distinct())
            {
                var merged = mask;
                foreach (var way in ways.Where(way => (way & mask) != 0).ToList())
                {
                    merged |= way;
                    ways.Remove(way);
                }

                ways.Add(merged);
            }

            if (ways.Count < 2)
            {
                continue;
            }

            // A pod's name carries its service's (a Kubernetes pod, an ECS task's family); addresses and process ids do not.
            var keptWay = ways.OrderByDescending(w => names.Any(n => (n.Value & w) != 0 && n.Key.Contains(service, StringComparison.OrdinalIgnoreCase)))
                .ThenByDescending(static w => int.PopCount(w)).ThenByDescending(static w => w & PodKinds.Bit(TelemetryKind.Span))
                .ThenByDescending(static w => w & PodKinds.Bit(TelemetryKind.Log)).First();
            List<(string, string)> Of(int way) => [.. names.Where(n => (n.Value & way) != 0).Select(n => (service, n.Key)).OrderBy(static n => n.Item2, StringComparer.Ordinal)];
            namings[service] = (Of(keptWay), [.. ways.Where(w => w != keptWay).Select(Of)]);
        }

        return namings;
    }

    /// <summary>Each of <paramref name="names"/> matched to one of <paramref name="kept"/>, where that can be told.</summary>
    private static List<(string Alias, string Instance)> Match(
        List<(string Service, string Instance)> kept, List<(string Service, string Instance)> names, InstanceActivity activity)
    {
        var matched = new List<(string, string)>();
        var open = new Dictionary<(string, string), List<(string, string)>>();
        foreach (var name in names)
        {
            var alive = kept.Where(k => activity.Overlap(name, k)).ToList();
            if (alive.Count == 1)
            {
                // The one pod alive then (two scrape targets of one pod both are).
                matched.Add((name.Instance, alive[0].Instance));
            }
            else if (alive.Count > 1)
            {
                open[name] = alive;
            }
        }

        if (open.Count == 0)
        {
            return matched;
        }

        // Several pods alive at once: a pair whose activity follows each other's more closely than either follows any
        // other open name's, by more than chance makes a difference of two fits, is one pod; replicas sharing one load
        // fit every pair alike. Where as many names are left open each way, the last of each is the other.
        var fits = open.SelectMany(o => o.Value.Select(k => (Pair: (o.Key, k), Fit: activity.Fit(o.Key, k)))).ToList();
        var fit = fits.ToDictionary(static f => f.Pair, static f => f.Fit.Z);
        var margin = Math.Sqrt(2) * Math.Sqrt(2 * Math.Log(2 * Math.Max(fits.Sum(static f => f.Fit.Compared), 1) / ChanceMatches));
        var openKept = open.Values.SelectMany(static k => k).ToHashSet();
        while (open.Count > 0)
        {
            var pairs = open.SelectMany(o => o.Value.Where(openKept.Contains).Select(k => (Name: o.Key, Kept: k))).ToList();
            if (pairs.Count == 0)
            {
                break;
            }

            (string, string) name, pod;
            if (open.Count == 1 && openKept.Count == 1 && pairs.Count == 1)
            {
                (name, pod) = pairs[0];
            }
            else
            {
                var best = pairs.Select(p => (p.Name, p.Kept, Lead: fit[p] - pairs.Where(q => q != p && (q.Name == p.Name || q.Kept == p.Kept)).Select(q => fit[q]).DefaultIfEmpty(0).Max()))
                    .MaxBy(static p => p.Lead);
                if (best.Lead <= margin)
                {
                    break;
                }

                (name, pod) = (best.Name, best.Kept);
            }

            matched.Add((name.Item2, pod.Item2));
            open.Remove(name);
            openKept.Remove(pod);
        }

        return matched;
    }

    /// <summary>The kinds whose pod names are compared: events name the pod the cluster saw, and follow whichever way.</summary>
    private static readonly int Named = PodKinds.Bit(TelemetryKind.Span) | PodKinds.Bit(TelemetryKind.Log) | PodKinds.Bit(TelemetryKind.Metric);
}
