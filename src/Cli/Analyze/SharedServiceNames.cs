using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// One service name that the records of several services share: an OpenTelemetry SDK whose service name was never set
/// calls every process <c>unknown_service:java</c> (or <c>unknown_service</c>), while the metrics scraped from the same
/// pods carry each pod's own service; a scrape job's name (<c>kubernetes-pods</c>) labels every pod's metrics while
/// their spans carry their services. Read as one service, every call is a call within it and every fault is put on it.
/// The pod is the key both share, as for <see cref="ServiceAliases"/>: a name used on the pods of two services or more,
/// where each such pod's other records carry one other name and other kinds of record (one process's telemetry, named
/// twice), is read on each pod as that pod's other name. A pod where both names have records of one kind runs two
/// processes (a sidecar's metrics beside the application's), and is left as it is; a pod that carries the shared name
/// alone is read as the Deployment its name says, where Kubernetes made the name. Runs before
/// <see cref="ServiceAliases"/>, which would otherwise read every pod's metrics under the shared name.
/// </summary>
internal static class SharedServiceNames
{
    /// <param name="Name">The shared name as read.</param>
    /// <param name="Services">How many services its pods were read as.</param>
    /// <param name="Pods">How many pods' records were read so.</param>
    /// <param name="ByPodName">Pods that carry no other name, read as the Deployment their Kubernetes pod name says (<see cref="KubernetesPodNames"/>).</param>
    /// <param name="Left">Pods under the name beside one other name in the same kinds (two processes), left under it.</param>
    internal readonly record struct Shared(string Name, int Services, int Pods, int ByPodName, int Left);

    /// <summary>The records with each shared name read as its pods' services, and the names so read, in ordinal order.</summary>
    public static (List<TelemetryRecord> Records, IReadOnlyList<Shared> Names) Resolve(List<TelemetryRecord> records)
    {
        var (readAs, shared) = Find(PodKinds.Of(records));
        for (var i = 0; i < records.Count && readAs.Count > 0; i++)
        {
            if (readAs.TryGetValue((records[i].Service, records[i].Instance), out var service))
            {
                records[i] = records[i] with { Service = service };
            }
        }

        return (records, shared);
    }

    /// <summary>Each shared name's pods with the service they are read as, and the names so read, in ordinal order.</summary>
    public static (Dictionary<(string Service, string Instance), string> ReadAs, IReadOnlyList<Shared> Names) Find(PodKinds kinds)
    {
        // Per pod, the service names its records carry, each with the kinds of record that carry it.
        var pods = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var ((service, instance), carried) in kinds.Kinds)
        {
            if (instance.Length == 0 || string.Equals(instance, service, StringComparison.Ordinal))
            {
                // No pod named: the reader's default instance is the service itself.
                continue;
            }

            if (!pods.TryGetValue(instance, out var names))
            {
                pods[instance] = names = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            names[service] = names.GetValueOrDefault(service) | carried;
        }

        // Per name, each pod that carries it beside one other name, with that name where their kinds do not meet.
        var podsOf = new Dictionary<string, List<(string Pod, string? Service)>>(StringComparer.Ordinal);
        foreach (var (pod, names) in pods)
        {
            if (names.Count != 2)
            {
                continue;
            }

            var ((first, firstKinds), (second, secondKinds)) = (names.First(), names.Last());
            var apart = (firstKinds & secondKinds) == 0;
            foreach (var (name, other) in new[] { (first, second), (second, first) })
            {
                if (!podsOf.TryGetValue(name, out var list))
                {
                    podsOf[name] = list = [];
                }

                list.Add((pod, apart ? other : null));
            }
        }

        // A name is shared where its pods' other names are two or more; one that is itself the other name of a shared
        // one's pods is a service, not read away.
        var sharedNames = podsOf.Where(static p => p.Value.Where(static q => q.Service is not null).Select(static q => q.Service).Distinct().Count() >= 2)
            .Select(static p => p.Key).ToHashSet(StringComparer.Ordinal);
        var readAs = new Dictionary<(string Service, string Pod), string>();
        var shared = new List<Shared>();
        foreach (var name in sharedNames.Order(StringComparer.Ordinal))
        {
            var read = podsOf[name].Where(p => p.Service is { } other && !sharedNames.Contains(other)).ToList();
            var services = read.Select(static p => p.Service).Distinct().Count();
            if (services < 2)
            {
                continue;
            }

            foreach (var (pod, service) in read)
            {
                readAs[(name, pod)] = service!;
            }

            // Its pods that carry no other name: the Deployment their name says, where Kubernetes made the name.
            var named = pods.Where(p => p.Value.Count == 1 && p.Value.ContainsKey(name))
                .Select(static p => (Pod: p.Key, Service: KubernetesPodNames.Deployment(p.Key))).Where(static p => p.Service is not null).ToList();
            foreach (var (pod, service) in named)
            {
                readAs[(name, pod)] = service!;
            }

            shared.Add(new Shared(name, services, read.Count, named.Count, podsOf[name].Count - read.Count));
        }

        return (readAs, shared);
    }
}
