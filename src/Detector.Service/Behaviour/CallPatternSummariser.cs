using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using TelemetryLogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Detector.Behaviour;

/// <summary>
/// Counts, per service, entry operation, call pattern and minute, the spans of a segment that enter a service from
/// outside it (no parent, or a parent in another service). An entry's pattern is the set of what ran under it inside
/// the service: the service's own operations, the operations of other services it called, error statuses and the levels
/// of the log lines written in its spans. A method that throws or returns early ends its request differently (a call
/// it no longer makes, a log line it no longer writes, an error handler that runs), although no single span or line need
/// stand out: the pattern changes at the faulty service itself, not at its callers.
/// <para>
/// Sets, not counts: a loop over a varying number of items is one pattern. Log lines count by level only, so a
/// pattern carries no payload and does not split on the values a line prints. The segment's context rows complete the
/// requests that straddle its edges; only its own entries are counted. Reads the detector's columns and trace links,
/// so the spans are joined once per segment, by row number.
/// </para>
/// </summary>
internal static class CallPatternSummariser
{
    /// <summary>
    /// The patterns of the entries among rows <paramref name="start"/>..+<paramref name="count"/>, the other services each
    /// pattern called, and the calls they made to other services' operations.
    /// </summary>
    public static CallPatternSummary Summarise(TelemetryColumns columns, TraceLinks links, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(links);
        var tree = SpanTree.Build(columns, links);
        var kinds = columns.Kinds;
        var services = columns.ServiceIds;
        var names = columns.NameIds;
        var statuses = columns.Statuses;
        var ticks = columns.Ticks;
        var spanIds = columns.SpanIdIds;
        var vocabulary = new EventVocabulary(columns);
        var cells = new Dictionary<(int Service, int Operation, string Pattern, long Minute), int>();
        var calls = new Dictionary<(int Service, int Operation, int CalleeService, int CalleeOperation), long>();
        var events = new List<int>();
        var pending = new Stack<int>();
        for (var row = start; row < start + count; row++)
        {
            // A span recorded twice is one request, and its children hang under the first record.
            if (kinds[row] != (byte)TelemetryKind.Span || spanIds[row] == StringTable.Missing || links.IsRepeatedSpan(row) || !IsEntry(links, services, row))
            {
                continue;
            }

            events.Clear();
            if (statuses[row] == (byte)SpanStatus.Error)
            {
                events.Add(EventVocabulary.StatusError);
            }

            pending.Push(row);
            // A malformed trace may hold a cycle; no request has more spans than the segment.
            for (var visited = 0; pending.Count > 0 && visited < columns.Count; visited++)
            {
                var current = pending.Pop();
                tree.AddLogLevels(current, events);
                foreach (var child in tree.ChildrenOf(current))
                {
                    var error = statuses[child] == (byte)SpanStatus.Error;
                    if (services[child] == services[row])
                    {
                        events.Add(vocabulary.OwnSpan(names[child], error));
                        pending.Push(child);
                    }
                    else
                    {
                        events.Add(vocabulary.Call(services[child], names[child], error));
                        var call = (services[row], names[row], services[child], names[child]);
                        calls[call] = calls.GetValueOrDefault(call) + 1;
                    }
                }
            }

            pending.Clear();
            var key = (services[row], names[row], vocabulary.Digest(events), ticks[row] / TimeSpan.TicksPerMinute);
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }

        var counts = new List<CallPatternCount>(cells.Count);
        foreach (var ((service, operation, pattern, minute), n) in cells)
        {
            counts.Add(new CallPatternCount(
                columns.Services[service], columns.Names[operation], pattern, new DateTime(minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc), n));
        }

        counts.Sort(static (a, b) =>
        {
            var order = a.Minute.CompareTo(b.Minute);
            order = order != 0 ? order : string.CompareOrdinal(a.Service, b.Service);
            order = order != 0 ? order : string.CompareOrdinal(a.Operation, b.Operation);
            return order != 0 ? order : string.CompareOrdinal(a.Pattern, b.Pattern);
        });
        var edges = calls
            .Select(c => new OperationEdge(
                columns.Services[c.Key.Service], columns.Names[c.Key.Operation], columns.Services[c.Key.CalleeService], columns.Names[c.Key.CalleeOperation], c.Value))
            .OrderBy(static e => e.CallerService, StringComparer.Ordinal)
            .ThenBy(static e => e.CallerOperation, StringComparer.Ordinal)
            .ThenBy(static e => e.CalleeService, StringComparer.Ordinal)
            .ThenBy(static e => e.CalleeOperation, StringComparer.Ordinal)
            .ToList();
        var outlines = vocabulary.Digests.Order(StringComparer.Ordinal).Select(vocabulary.OutlineOf).ToList();
        return new CallPatternSummary(counts, edges, outlines);
    }

    /// <summary>True for a span with no parent in the segment, or a parent in another service.</summary>
    private static bool IsEntry(TraceLinks links, ReadOnlySpan<int> services, int row) =>
        links.ParentRowOf(row) is var parent && (parent < 0 || services[parent] != services[row]);

    /// <summary>Each span's children and the levels of the lines written in it, by row.</summary>
    private sealed class SpanTree
    {
        private readonly int[] _firstChild;
        private readonly int[] _children;
        private readonly Dictionary<int, int> _levels;

        private SpanTree(int[] firstChild, int[] children, Dictionary<int, int> levels)
        {
            _firstChild = firstChild;
            _children = children;
            _levels = levels;
        }

        public static SpanTree Build(TelemetryColumns columns, TraceLinks links)
        {
            // Children laid out by parent (counting sort): row r's children are _children[_firstChild[r].._firstChild[r + 1]).
            var firstChild = new int[columns.Count + 1];
            for (var row = 0; row < columns.Count; row++)
            {
                if (links.ParentRowOf(row) is var parent and >= 0)
                {
                    firstChild[parent + 1]++;
                }
            }

            for (var row = 0; row < columns.Count; row++)
            {
                firstChild[row + 1] += firstChild[row];
            }

            var children = new int[firstChild[columns.Count]];
            var next = (int[])firstChild.Clone();
            var levels = new Dictionary<int, int>();
            var levelColumn = columns.Levels;
            for (var row = 0; row < columns.Count; row++)
            {
                if (links.ParentRowOf(row) is var parent and >= 0)
                {
                    children[next[parent]++] = row;
                }

                if (links.SpanRowOfLog(row) is var span and >= 0)
                {
                    // One bit per level: a span's lines count as the set of levels they were written at.
                    var level = levelColumn[row] == TelemetryColumns.None ? (int)TelemetryLogLevel.Info : levelColumn[row];
                    levels[span] = levels.GetValueOrDefault(span) | (1 << level);
                }
            }

            return new SpanTree(firstChild, children, levels);
        }

        public ReadOnlySpan<int> ChildrenOf(int row) => _children.AsSpan(_firstChild[row], _firstChild[row + 1] - _firstChild[row]);

        public void AddLogLevels(int row, List<int> events)
        {
            if (!_levels.TryGetValue(row, out var levels))
            {
                return;
            }

            for (var level = 0; level <= (int)TelemetryLogLevel.Error; level++)
            {
                if ((levels & (1 << level)) != 0)
                {
                    events.Add(EventVocabulary.LogLevel(level));
                }
            }
        }
    }

    /// <summary>
    /// The events a pattern is made of, numbered as first met in the segment, so a request's pattern is built from
    /// numbers, and each distinct pattern's digest is computed once.
    /// </summary>
    private sealed class EventVocabulary(TelemetryColumns columns)
    {
        public const int StatusError = 0;
        private const int LevelBase = 1;
        private static readonly string[] Fixed = ["status error", "log DEBUG", "log INFO", "log WARN", "log ERROR"];
        private readonly Dictionary<(int Service, int Name, bool Error), int> _ids = [];
        private readonly List<string> _texts = [.. Fixed];
        // Per event id: the other service it called (-1: none) and whether it is a failure.
        private readonly List<int> _serviceOf = [.. Fixed.Select(static _ => -1)];
        private readonly List<bool> _fails = [.. Fixed.Select(static text => text is "status error" or "log ERROR")];
        private readonly Dictionary<int[], string> _digests = new(new SequenceComparer());
        private readonly Dictionary<string, CallPatternOutline> _outlines = new(StringComparer.Ordinal);

        public static int LogLevel(int level) => LevelBase + level;

        /// <summary>One of the service's own operations ran (service −1: the entry's own service).</summary>
        public int OwnSpan(int name, bool error) => Id((-1, name, error));

        public int Call(int service, int name, bool error) => Id((service, name, error));

        /// <summary>Sixteen hex digits of the SHA-256 of the events' texts, sorted: the same in every segment, process and run.</summary>
        public string Digest(List<int> events)
        {
            events.Sort();
            var distinct = 0;
            for (var i = 0; i < events.Count; i++)
            {
                if (i == 0 || events[i] != events[i - 1])
                {
                    events[distinct++] = events[i];
                }
            }

            return DigestOf(CollectionsMarshal.AsSpan(events)[..distinct].ToArray());
        }

        /// <summary>Every pattern digest returned so far and the unlogged form of each: the outlines a summary carries.</summary>
        public IEnumerable<string> Digests => _outlines.Keys;

        private string DigestOf(int[] key)
        {
            if (_digests.TryGetValue(key, out var digest))
            {
                return digest;
            }

            var texts = key.Select(id => _texts[id]).Order(StringComparer.Ordinal);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', texts)), hash);
            digest = Convert.ToHexStringLower(hash[..8]);
            _digests[key] = digest;
            var unlogged = Array.FindAll(key, static id => !IsLogLevel(id));
            _outlines[digest] = new CallPatternOutline(
                digest,
                [.. key.Where(id => _serviceOf[id] >= 0).Select(id => columns.Services[_serviceOf[id]]).Distinct().Order(StringComparer.Ordinal)],
                key.Any(id => _fails[id]),
                // The unlogged form is a pattern of its own (its outline added by the call), so a run whose logs have
                // gaps can compare requests by what they ran alone.
                unlogged.Length == key.Length ? null : DigestOf(unlogged),
                key.Contains(LogLevel((int)TelemetryLogLevel.Debug)) || key.Contains(LogLevel((int)TelemetryLogLevel.Info)));
            return digest;
        }

        private static bool IsLogLevel(int id) => id is >= LevelBase and <= LevelBase + (int)TelemetryLogLevel.Error;

        /// <summary>The outline of a pattern <see cref="Digest"/> returned.</summary>
        public CallPatternOutline OutlineOf(string digest) => _outlines[digest];

        private int Id((int Service, int Name, bool Error) key)
        {
            if (!_ids.TryGetValue(key, out var id))
            {
                id = _texts.Count;
                var error = key.Error ? " error" : string.Empty;
                _texts.Add(key.Service < 0
                    ? $"span {columns.Names[key.Name]}{error}"
                    : $"calls {columns.Services[key.Service]} {columns.Names[key.Name]}{error}");
                _serviceOf.Add(key.Service);
                _fails.Add(key.Error);
                _ids[key] = id;
            }

            return id;
        }

        private sealed class SequenceComparer : IEqualityComparer<int[]>
        {
            public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

            public int GetHashCode(int[] obj)
            {
                var hash = new HashCode();
                hash.AddBytes(MemoryMarshal.AsBytes(obj.AsSpan()));
                return hash.ToHashCode();
            }
        }
    }
}

/// <summary>What <see cref="CallPatternSummariser.Summarise"/> found in a segment.</summary>
/// <param name="Edges">The calls the entries made to other services' operations.</param>
/// <param name="Outlines">Each pattern's outline (other services called, failed or not), one per pattern in <paramref name="Patterns"/>.</param>
internal sealed record CallPatternSummary(List<CallPatternCount> Patterns, List<OperationEdge> Edges, List<CallPatternOutline> Outlines);
