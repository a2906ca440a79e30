using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Which callers may have lost an orphan span's parent, as far as its trace tells. A span is an orphan when its
/// caller's span was lost; that span was itself called from a span the trace still holds, which is then short of a
/// call it usually makes in requests of the same kind (entering at the same operation). Where a service is called by
/// several (a cache behind a catalogue, a login and a cart), the callers the trace's spans called less than usual
/// narrow the blame that call counts alone share among them all. Absence alone would not: a catalogue calling the
/// cache twice per request keeps one span when the other is lost.
/// </summary>
internal static class LostParentCallers
{
    /// <summary>A caller counts as missing from a trace when its spans' operations usually call it at least half a time more than they did.</summary>
    private const double MissingCalls = 0.5;

    /// <summary>
    /// Per orphan span row: the callers of its service (the segment's call edges) that the spans of its trace called at
    /// least <see cref="MissingCalls"/> fewer times than their operations do on average over the segment's requests
    /// entering where its trace did, in ordinal order; only rows where that leaves some callers out.
    /// </summary>
    public static Dictionary<int, string[]> Of(TelemetryColumns columns, TraceLinks links)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(links);
        var missing = new Dictionary<int, string[]>();
        if (links.OrphanCount == 0)
        {
            return missing;
        }

        var kinds = columns.Kinds;
        var traces = columns.TraceIdIds;
        var services = columns.ServiceIds;
        var orphans = links.TracedOrphanRows;
        var spansOfTrace = new Dictionary<int, List<int>>();
        foreach (var row in orphans)
        {
            spansOfTrace.TryAdd(traces[row], []);
        }

        // Each trace's entry operation, and the spans of the orphans' traces.
        var entryOfTrace = new Dictionary<int, long>();
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] != (byte)TelemetryKind.Span || traces[row] == StringTable.Missing)
            {
                continue;
            }

            if (links.ParentRowOf(row) < 0 && !links.IsOrphan(row))
            {
                entryOfTrace.TryAdd(traces[row], Operation(columns, row));
            }

            if (spansOfTrace.TryGetValue(traces[row], out var spans))
            {
                spans.Add(row);
            }
        }

        // How often each operation's spans call each service in requests that entered where theirs did (a gateway's one
        // "route" operation calls the cart in checkouts and the catalogue in page views), counted only for the operations
        // the orphans' traces hold and the callers of the orphans' services: the rest of the run is never asked about.
        var suspect = new bool[columns.Services.Count];
        foreach (var row in orphans)
        {
            foreach (var caller in links.CallersOf(services[row]))
            {
                suspect[caller] = true;
            }
        }

        var asked = new HashSet<long>();
        foreach (var spans in spansOfTrace.Values)
        {
            foreach (var row in spans)
            {
                asked.Add(Operation(columns, row));
            }
        }

        var spansOfOperation = new Dictionary<(long Entry, long Operation), int>();
        var callsOfOperation = new Dictionary<(long Entry, long Operation, int Callee), int>();
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] != (byte)TelemetryKind.Span)
            {
                continue;
            }

            var operation = Operation(columns, row);
            var counted = asked.Contains(operation);
            var parent = links.ParentRowOf(row);
            var call = parent >= 0 && suspect[services[row]] && services[parent] != services[row] && asked.Contains(Operation(columns, parent));
            if (!counted && !call)
            {
                continue;
            }

            var entry = entryOfTrace.GetValueOrDefault(traces[row], -1);
            if (counted)
            {
                spansOfOperation[(entry, operation)] = spansOfOperation.GetValueOrDefault((entry, operation)) + 1;
            }

            if (call)
            {
                var key = (entry, Operation(columns, parent), services[row]);
                callsOfOperation[key] = callsOfOperation.GetValueOrDefault(key) + 1;
            }
        }

        var known = new Dictionary<(int Trace, int Service), string[]?>();
        foreach (var row in orphans)
        {
            var key = (traces[row], services[row]);
            if (!known.TryGetValue(key, out var calledLess))
            {
                known[key] = calledLess = ShortCallers(
                    columns, links, spansOfTrace[traces[row]], entryOfTrace.GetValueOrDefault(traces[row], -1), links.CallersOf(services[row]), spansOfOperation, callsOfOperation);
            }

            if (calledLess is not null)
            {
                missing[row] = calledLess;
            }
        }

        return missing;
    }

    /// <summary>The callers a trace's spans called <see cref="MissingCalls"/> or more fewer times than usual, when some but not all are.</summary>
    private static string[]? ShortCallers(
        TelemetryColumns columns, TraceLinks links, List<int> spans, long entry, ReadOnlySpan<int> callers,
        Dictionary<(long Entry, long Operation), int> spansOfOperation, Dictionary<(long Entry, long Operation, int Callee), int> callsOfOperation)
    {
        if (callers.Length <= 1)
        {
            return null;
        }

        var made = new Dictionary<(int Parent, int Callee), int>();
        foreach (var row in spans)
        {
            if (links.ParentRowOf(row) is var parent and >= 0)
            {
                var key = (parent, columns.ServiceIds[row]);
                made[key] = made.GetValueOrDefault(key) + 1;
            }
        }

        var calledLess = new List<string>();
        foreach (var caller in callers)
        {
            var deficit = 0.0;
            foreach (var row in spans)
            {
                var operation = Operation(columns, row);
                var usual = (double)callsOfOperation.GetValueOrDefault((entry, operation, caller)) / spansOfOperation[(entry, operation)];
                deficit += Math.Max(0, usual - made.GetValueOrDefault((row, caller)));
            }

            if (deficit >= MissingCalls)
            {
                calledLess.Add(columns.Services[caller]);
            }
        }

        return calledLess.Count > 0 && calledLess.Count < callers.Length ? [.. calledLess.Order(StringComparer.Ordinal)] : null;
    }

    private static long Operation(TelemetryColumns columns, int row) => ((long)columns.ServiceIds[row] << 32) | (uint)columns.NameIds[row];
}
