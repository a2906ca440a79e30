using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Services that the input names twice: metrics labelled by their container or job ("travel") where the traces and
/// logs of the same pods carry the service's own name ("ts-travel-service"), as a Prometheus scrape and an OpenTelemetry
/// SDK name them. The pod is the key both share, so a name that only metrics and events use, and whose every pod is
/// traced under one and the same other name, is read as that name: otherwise the pods' CPU and their spans would be
/// two services, and a CPU fault would be put on a service the calls never reach. Names whose pods are traced under
/// several names (a host running several services) are left as they are.
/// </summary>
internal static class ServiceAliases
{
    /// <summary>The records with every alias read as its service's name, and the aliases found (alias → name, in ordinal order).</summary>
    public static (List<TelemetryRecord> Records, IReadOnlyList<(string Alias, string Service)> Aliases) Resolve(List<TelemetryRecord> records)
    {
        var aliases = Find(PodKinds.Of(records));
        if (aliases.Count > 0)
        {
            for (var i = 0; i < records.Count; i++)
            {
                if (aliases.TryGetValue(records[i].Service, out var service))
                {
                    records[i] = records[i] with { Service = service };
                }
            }
        }

        return (records, Listed(aliases));
    }

    /// <summary>The aliases found (alias → name).</summary>
    public static Dictionary<string, string> Find(PodKinds pods)
    {
        var traced = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var tracedServices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ((service, instance), kinds) in pods.Kinds)
        {
            if (IsTraced(kinds))
            {
                tracedServices.Add(service);
                if (!traced.TryGetValue(instance, out var names))
                {
                    traced[instance] = names = new HashSet<string>(StringComparer.Ordinal);
                }

                names.Add(service);
            }
        }

        // Per name used only by metrics and events, the one name its pods are traced under (null once they disagree).
        var candidates = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var ((service, instance), kinds) in pods.Kinds)
        {
            // Only metrics and events: a pair carried by a span or line makes its service a traced one.
            if (tracedServices.Contains(service) || !traced.TryGetValue(instance, out var names))
            {
                continue;
            }

            var name = names.Count == 1 ? names.First() : null;
            if (!candidates.TryGetValue(service, out var known))
            {
                candidates[service] = name;
            }
            else if (known is not null && !string.Equals(known, name, StringComparison.Ordinal))
            {
                candidates[service] = null;
            }
        }

        return candidates.Where(static c => c.Value is not null).ToDictionary(static c => c.Key, static c => c.Value!, StringComparer.Ordinal);
    }

    /// <summary>The aliases in ordinal order, as the report lists them.</summary>
    public static IReadOnlyList<(string Alias, string Service)> Listed(Dictionary<string, string> aliases) =>
        [.. aliases.OrderBy(static a => a.Key, StringComparer.Ordinal).Select(static a => (a.Key, a.Value))];

    private static bool IsTraced(int kinds) => PodKinds.Has(kinds, TelemetryKind.Span) || PodKinds.Has(kinds, TelemetryKind.Log);
}
