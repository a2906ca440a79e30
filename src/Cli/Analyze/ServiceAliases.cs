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
        var traced = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var tracedServices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Kind is TelemetryKind.Span or TelemetryKind.Log)
            {
                tracedServices.Add(record.Service);
                if (!traced.TryGetValue(record.Instance, out var names))
                {
                    traced[record.Instance] = names = new HashSet<string>(StringComparer.Ordinal);
                }

                names.Add(record.Service);
            }
        }

        if (traced.Count == 0)
        {
            return (records, []);
        }

        // Per name used only by metrics and events, the one name its pods are traced under (null once they disagree).
        var candidates = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Kind is TelemetryKind.Span or TelemetryKind.Log || tracedServices.Contains(record.Service)
                || !traced.TryGetValue(record.Instance, out var names))
            {
                continue;
            }

            var name = names.Count == 1 ? names.First() : null;
            if (!candidates.TryGetValue(record.Service, out var known))
            {
                candidates[record.Service] = name;
            }
            else if (known is not null && !string.Equals(known, name, StringComparison.Ordinal))
            {
                candidates[record.Service] = null;
            }
        }

        var aliases = candidates.Where(static c => c.Value is not null).ToDictionary(static c => c.Key, static c => c.Value!, StringComparer.Ordinal);
        if (aliases.Count == 0)
        {
            return (records, []);
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (aliases.TryGetValue(records[i].Service, out var service))
            {
                records[i] = records[i] with { Service = service };
            }
        }

        return (records, [.. aliases.OrderBy(static a => a.Key, StringComparer.Ordinal).Select(static a => (a.Key, a.Value))]);
    }
}
