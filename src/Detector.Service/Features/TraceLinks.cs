using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// The parent links of the run's spans, resolved once every batch is in (a parent may arrive in a later batch than
/// its child): which spans are orphans (their parent id names no span of the run) and the caller → callee service
/// edges they reveal. Built once the columns are sealed; it reads them afterwards.
/// The spans of an operation where traces enter the input (<see cref="TraceEntries"/>) are roots, not orphans.
/// </summary>
internal sealed class TraceLinks
{
    private readonly bool[] _orphan;

    private readonly int[][] _callees;
    private readonly int[][] _callers;
    private readonly int[] _parentRow;
    private readonly int[] _spanRowOfLog;
    private readonly bool[] _repeated;
    private readonly Lazy<List<int>> _tracedOrphanRows;

    private readonly TelemetryColumns _columns;

    private TraceLinks(TelemetryColumns columns, bool[] orphan, int orphanCount, int[][] callees, int[] parentRow, int[] spanRowOfLog, bool[] repeated)
    {
        _repeated = repeated;
        _columns = columns;
        _parentRow = parentRow;
        _spanRowOfLog = spanRowOfLog;
        _orphan = orphan;
        OrphanCount = orphanCount;
        _callees = callees;
        var callers = new List<int>[callees.Length];
        for (var caller = 0; caller < callees.Length; caller++)
        {
            foreach (var callee in callees[caller])
            {
                (callers[callee] ??= []).Add(caller);
            }
        }

        _callers = [.. callers.Select(static c => c?.ToArray() ?? [])];
        _tracedOrphanRows = new Lazy<List<int>>(FindTracedOrphanRows);
    }

    public int OrphanCount { get; }

    /// <summary>
    /// Caller → callee services with call counts, counting the child spans among rows <paramref name="start"/> to
    /// <paramref name="end"/> (exclusive; their parents may lie anywhere), ordered by caller then callee (ordinal).
    /// Calls within one service are not edges.
    /// </summary>
    public IReadOnlyList<ServiceEdge> EdgesAmong(int start, int end)
    {
        var services = _columns.ServiceIds;
        var calls = new Dictionary<(int Caller, int Callee), long>();
        for (var row = start; row < end; row++)
        {
            if (_parentRow[row] is var parent and >= 0 && services[parent] != services[row])
            {
                calls[(services[parent], services[row])] = calls.GetValueOrDefault((services[parent], services[row])) + 1;
            }
        }

        var edges = new List<ServiceEdge>(calls.Count);
        foreach (var ((caller, callee), count) in calls)
        {
            edges.Add(new ServiceEdge(_columns.Services[caller], _columns.Services[callee], count));
        }

        edges.Sort(static (a, b) =>
        {
            var byCaller = string.CompareOrdinal(a.Caller, b.Caller);
            return byCaller != 0 ? byCaller : string.CompareOrdinal(a.Callee, b.Callee);
        });
        return edges;
    }

    public bool IsOrphan(int row) => _orphan[row];

    /// <summary>The row of the span's parent, or -1 for a root span, an orphan or a record that is not a span.</summary>
    public int ParentRowOf(int row) => _parentRow[row];

    /// <summary>True for a span whose trace and span id an earlier row already holds: the same span recorded twice, whose children and lines hang under the first.</summary>
    public bool IsRepeatedSpan(int row) => _repeated[row];

    /// <summary>The row of the span a log line was written in, or -1 for a line that names no span of the segment or a record that is not a log line.</summary>
    public int SpanRowOfLog(int row) => _spanRowOfLog[row];

    /// <summary>The service ids (of <see cref="TelemetryColumns.Services"/>) that <paramref name="service"/> calls, ascending.</summary>
    public ReadOnlySpan<int> CalleesOf(int service) => (uint)service < (uint)_callees.Length ? _callees[service] : [];

    /// <summary>
    /// The orphan spans that carry a trace id, by row ascending: those whose request can say what lost their parent.
    /// Found once, on first use, for every reader of them (the lost parents' callers and instances).
    /// </summary>
    public IReadOnlyList<int> TracedOrphanRows => _tracedOrphanRows.Value;

    private List<int> FindTracedOrphanRows()
    {
        var rows = new List<int>();
        var kinds = _columns.Kinds;
        var traces = _columns.TraceIdIds;
        for (var row = 0; row < _orphan.Length; row++)
        {
            if (_orphan[row] && kinds[row] == (byte)TelemetryKind.Span && traces[row] != StringTable.Missing)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>The service ids that call <paramref name="service"/>, ascending.</summary>
    public ReadOnlySpan<int> CallersOf(int service) => (uint)service < (uint)_callers.Length ? _callers[service] : [];

    public static TraceLinks Build(TelemetryColumns columns)
    {
        var kinds = columns.Kinds;
        var traces = columns.TraceIdIds;
        var spans = columns.SpanIdIds;
        var parents = columns.ParentSpanIdIds;
        var rowOfSpan = new Dictionary<long, int>();
        var repeated = new bool[columns.Count];
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Span && spans[row] != StringTable.Missing)
            {
                // A span id is only unique within its trace, so the key is the pair; the first occurrence wins.
                repeated[row] = !rowOfSpan.TryAdd(Key(traces[row], spans[row]), row);
            }
        }

        var orphan = new bool[columns.Count];
        var parentRow = new int[columns.Count];
        Array.Fill(parentRow, -1);
        var spanRowOfLog = new int[columns.Count];
        Array.Fill(spanRowOfLog, -1);
        (Dictionary<long, int> Last, int[] Previous)? spansOfService = null;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] != (byte)TelemetryKind.Log || traces[row] == StringTable.Missing)
            {
                continue;
            }

            if (spans[row] != StringTable.Missing)
            {
                spanRowOfLog[row] = rowOfSpan.GetValueOrDefault(Key(traces[row], spans[row]), -1);
                continue;
            }

            // A line that names its trace but not its span (an exporter that keeps only the trace id) was written in one
            // of its service's spans of that trace: the one begun last at or before it.
            var (last, previous) = spansOfService ??= SpansOfService(columns);
            if (last.TryGetValue(Key(traces[row], columns.ServiceIds[row]), out var latest))
            {
                spanRowOfLog[row] = SpanAt(latest, previous, columns.Ticks, columns.Ticks[row]);
            }
        }

        var orphanCount = 0;
        var calls = new HashSet<(int Caller, int Callee)>();
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] != (byte)TelemetryKind.Span || parents[row] == StringTable.Missing)
            {
                continue;
            }

            if (!rowOfSpan.TryGetValue(Key(traces[row], parents[row]), out var parent))
            {
                orphan[row] = true;
                orphanCount++;
                continue;
            }

            parentRow[row] = parent;
            var caller = columns.ServiceIds[parent];
            var callee = columns.ServiceIds[row];
            if (caller != callee)
            {
                calls.Add((caller, callee));
            }
        }

        orphanCount -= RootEntries(columns, orphan);
        var callees = new List<int>[columns.Services.Count];
        foreach (var (caller, callee) in calls)
        {
            (callees[caller] ??= []).Add(callee);
        }

        var calleeIds = new int[callees.Length][];
        for (var service = 0; service < callees.Length; service++)
        {
            var list = callees[service] ?? [];
            list.Sort();
            calleeIds[service] = [.. list];
        }

        return new TraceLinks(columns, orphan, orphanCount, calleeIds, parentRow, spanRowOfLog, repeated);
    }

    /// <summary>Clears the orphan flag of the spans of operations where traces enter (<see cref="TraceEntries"/>); returns how many.</summary>
    private static int RootEntries(TelemetryColumns columns, bool[] orphan)
    {
        var kinds = columns.Kinds;
        // Per operation: its spans, how many of them are orphans, and the distinct minutes they fall in.
        var counts = new Dictionary<(int Service, int Name), (int Spans, int Orphans, int Minutes)>();
        var minutesSeen = new HashSet<(int Service, int Name, long Minute)>();
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Span)
            {
                var key = (columns.ServiceIds[row], columns.NameIds[row]);
                var (spans, orphans, minutes) = counts.GetValueOrDefault(key);
                var newMinute = minutesSeen.Add((key.Item1, key.Item2, columns.Ticks[row] / TimeSpan.TicksPerMinute));
                counts[key] = (spans + 1, orphans + (orphan[row] ? 1 : 0), minutes + (newMinute ? 1 : 0));
            }
        }

        var cleared = 0;
        for (var row = 0; row < columns.Count; row++)
        {
            if (orphan[row] && counts[(columns.ServiceIds[row], columns.NameIds[row])] is var (spans, orphans, minutes)
                && TraceEntries.IsEntry(spans, orphans, minutes))
            {
                orphan[row] = false;
                cleared++;
            }
        }

        return cleared;
    }

    private static long Key(int trace, int span) => ((long)trace << 32) | (uint)span;

    /// <summary>
    /// Per (trace, service), its span rows: the last row of each, and per row the one before it of the same pair (-1 at
    /// the first), a chain rather than a list per pair, since a run may hold a few hundred thousand such pairs.
    /// </summary>
    private static (Dictionary<long, int> Last, int[] Previous) SpansOfService(TelemetryColumns columns)
    {
        var kinds = columns.Kinds;
        var traces = columns.TraceIdIds;
        var last = new Dictionary<long, int>();
        var previous = new int[columns.Count];
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Span && traces[row] != StringTable.Missing && columns.SpanIdIds[row] != StringTable.Missing)
            {
                var key = Key(traces[row], columns.ServiceIds[row]);
                previous[row] = last.GetValueOrDefault(key, -1);
                last[key] = row;
            }
        }

        return (last, previous);
    }

    /// <summary>
    /// Of the chain ending at <paramref name="row"/>, the span begun last at or before <paramref name="at"/>, else the
    /// first to begin after it; of spans begun at once, the first recorded.
    /// </summary>
    private static int SpanAt(int row, int[] previous, ReadOnlySpan<long> ticks, long at)
    {
        int before = -1, after = -1;
        for (; row >= 0; row = previous[row])
        {
            if (ticks[row] <= at)
            {
                before = before >= 0 && ticks[before] > ticks[row] ? before : row;
            }
            else
            {
                after = after >= 0 && ticks[after] < ticks[row] ? after : row;
            }
        }

        return before >= 0 ? before : after;
    }
}
