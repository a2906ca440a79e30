using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// How far the way each service's operations run in an incident's minutes departs from the rest of the run, from the
/// detector's per-minute counts of call patterns per entry operation (<see cref="CallPatternCount"/>). A method that
/// throws or returns a wrong value changes what its requests do inside the faulty service (a call no longer made, a
/// line no longer written, an error handler run) although it may flag nothing and its callers may log nothing.
/// <para>
/// Per operation, each pattern's count among the operation's entries in the window, as a Poisson z against the
/// pattern's share of the operation's entries in the rest of the run: a pattern's count is measured against how often
/// the operation ran, so a change in traffic is no change of pattern. A service's shift is its most shifted pattern's
/// z, counted beyond what the largest of K unchanged patterns reaches by chance (√(2 ln K)) as a share of the z, as
/// <see cref="BehaviourShift"/> does for log templates, so the two are on one scale.
/// </para>
/// </summary>
public sealed class CallPatternShift
{
    private readonly List<Operation> _operations = [];
    private readonly Dictionary<(string Service, string Operation), Operation> _byName = [];
    private readonly IReadOnlyDictionary<string, CallPatternOutline> _outlines;
    private readonly double _chance;

    /// <summary>From a whole run's counts at once (tests, small runs); a run arriving segment by segment uses <see cref="Builder"/>.</summary>
    /// <param name="outlines">What each pattern's requests did (<see cref="CallPatternOutline"/>); a pattern left out may have called anything.</param>
    public CallPatternShift(IReadOnlyList<CallPatternCount> counts, IReadOnlyList<CallPatternOutline>? outlines = null)
        : this(Collect(counts), OutlinesByPattern(outlines ?? []))
    {
    }

    private CallPatternShift(MinuteCells<(string Service, string Operation, string Pattern), int> cells, IReadOnlyDictionary<string, CallPatternOutline> outlines)
    {
        _outlines = outlines;
        (MinutesWithoutLogs, MinutesTraced) = RequestLogGaps.Count(cells, outlines);
        if (MinutesWithoutLogs > 0)
        {
            cells = Unlogged(cells, outlines);
        }

        var patterns = 0;
        foreach (var group in cells.Cells
            .OrderBy(static c => c.Key.Service, StringComparer.Ordinal)
            .ThenBy(static c => c.Key.Operation, StringComparer.Ordinal)
            .ThenBy(static c => c.Key.Pattern, StringComparer.Ordinal)
            .GroupBy(static c => (c.Key.Service, c.Key.Operation)))
        {
            var series = group.Select(c => new CountSeries(c.Key.Service, c.Value)).ToArray();
            _operations.Add(new Operation(group.Key.Operation, series, [.. group.Select(static c => c.Key.Pattern)]));
            _byName[group.Key] = _operations[^1];
            patterns += series.Length;
        }

        _chance = Math.Sqrt(2 * Math.Log(Math.Max(2, patterns)));
    }

    /// <summary>Gathers a run's counts segment by segment in compact per-pattern lists, then builds once the run is complete.</summary>
    public sealed class Builder
    {
        internal MinuteCells<(string Service, string Operation, string Pattern), int> Cells { get; } = new();

        /// <summary>Per pattern, its outline: the same in every segment, so one entry each.</summary>
        internal Dictionary<string, CallPatternOutline> Outlines { get; } = new(StringComparer.Ordinal);

        public void Add(IEnumerable<CallPatternCount> counts)
        {
            ArgumentNullException.ThrowIfNull(counts);
            foreach (var count in counts)
            {
                Cells.Add((count.Service, count.Operation, count.Pattern), count.Minute, count.Count);
            }
        }

        public void AddOutlines(IEnumerable<CallPatternOutline> outlines)
        {
            ArgumentNullException.ThrowIfNull(outlines);
            foreach (var outline in outlines)
            {
                Outlines.TryAdd(outline.Pattern, outline);
            }
        }

        public CallPatternShift Build() => new(Cells, Outlines);
    }

    private static Dictionary<string, CallPatternOutline> OutlinesByPattern(IReadOnlyList<CallPatternOutline> outlines)
    {
        var builder = new Builder();
        builder.AddOutlines(outlines);
        return builder.Outlines;
    }

    private static MinuteCells<(string Service, string Operation, string Pattern), int> Collect(IReadOnlyList<CallPatternCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var builder = new Builder();
        builder.Add(counts);
        return builder.Cells;
    }

    /// <summary>The minutes in which the run's requests were counted.</summary>
    public int MinutesTraced { get; }

    /// <summary>
    /// The traced minutes whose request logs were not collected (<see cref="RequestLogGaps"/>); where there are any,
    /// patterns are compared without their log levels over the whole run.
    /// </summary>
    public int MinutesWithoutLogs { get; }

    /// <summary>The same counts with every pattern in its unlogged form, the counts of patterns that differ only in log levels merged.</summary>
    private static MinuteCells<(string Service, string Operation, string Pattern), int> Unlogged(
        MinuteCells<(string Service, string Operation, string Pattern), int> cells, IReadOnlyDictionary<string, CallPatternOutline> outlines)
    {
        var unlogged = new MinuteCells<(string Service, string Operation, string Pattern), int>();
        foreach (var (key, readings) in cells.Cells)
        {
            var pattern = outlines.GetValueOrDefault(key.Pattern)?.Unlogged ?? key.Pattern;
            var merged = (key.Service, key.Operation, pattern);
            if (!unlogged.Cells.TryGetValue(merged, out var into))
            {
                unlogged.Cells[merged] = into = [];
            }

            into.AddRange(readings);
        }

        return unlogged;
    }

    /// <summary>True when the detector sent no counts (no spans in the run).</summary>
    public bool IsEmpty => _operations.Count == 0;

    /// <summary>The requests into <paramref name="service"/> at <paramref name="operation"/> (its entry spans of that name) in the minutes from <paramref name="from"/> to <paramref name="to"/> (<see cref="MinuteSeries.MinuteOf"/>), and in the whole run.</summary>
    public (long Window, long Total) Requests(string service, string operation, long from, long to) =>
        _byName.TryGetValue((service, operation), out var entry) ? (entry.RequestsIn(from, to), entry.Requests) : (0, 0);

    /// <summary>Each service's shift in 0..1 over the minutes from <paramref name="start"/> to <paramref name="end"/>; services whose shift chance explains are left out.</summary>
    public Dictionary<string, double> Scores(DateTime start, DateTime end) =>
        Changes(start, end).ToDictionary(static c => c.Key, static c => c.Value.Score, StringComparer.Ordinal);

    /// <summary><see cref="Scores"/> with the evidence: which operation, how many of its requests ran the shifted pattern, against how many expected.</summary>
    public Dictionary<string, BehaviourChange> Changes(DateTime start, DateTime end)
    {
        var from = MinuteSeries.MinuteOf(start);
        var to = MinuteSeries.MinuteOf(end);
        var shift = new Dictionary<string, (Operation Operation, PatternShift Shift)>(StringComparer.Ordinal);
        foreach (var operation in _operations)
        {
            var pattern = operation.MostShiftedPattern(from, to);
            if (pattern.Z > (shift.TryGetValue(operation.Service, out var best) ? best.Shift.Z : 0))
            {
                shift[operation.Service] = (operation, pattern);
            }
        }

        var changes = new Dictionary<string, BehaviourChange>(StringComparer.Ordinal);
        foreach (var (service, (operation, pattern)) in shift)
        {
            if (pattern.Z > _chance)
            {
                var outline = _outlines.GetValueOrDefault(pattern.Pattern);
                changes[service] = new BehaviourChange(
                    (pattern.Z - _chance) / pattern.Z,
                    $"requests to {operation.Name}: {pattern.Window} of {pattern.Requests} in the incident's minutes took one path" +
                    $"{(outline is { Callees.Count: 0, Failed: false } ? " calling no other service" : string.Empty)}, " +
                    $"{EvidenceText.Number(pattern.Expected)} expected from the rest of the run (z {EvidenceText.Number(pattern.Z)})",
                    Callees: SourcesOf(pattern, outline));
            }
        }

        return changes;
    }

    /// <summary>
    /// The services whose change could have shifted a pattern, where the pattern tells: those its requests called. Not
    /// for a pattern grown rarer (it says only that its requests went elsewhere) nor for one that failed (a call that
    /// failed before its span began, or whose span was lost, leaves an error and no callee).
    /// </summary>
    private static IReadOnlyList<string>? SourcesOf(PatternShift shift, CallPatternOutline? outline) =>
        outline is { Failed: false } && shift.Window > shift.Expected ? outline.Callees : null;

    /// <summary>An operation's most shifted pattern in a window: its count there, what the rest of the run expects, and the operation's requests there.</summary>
    private readonly record struct PatternShift(double Z, long Window, double Expected, long Requests, string Pattern);

    /// <summary>One service's one entry operation: its patterns' series and digests.</summary>
    private sealed class Operation(string name, CountSeries[] patterns, string[] digests)
    {
        public string Service => patterns[0].Service;

        public string Name => name;

        /// <summary>The operation's entries over the run.</summary>
        public long Requests => patterns.Sum(static p => p.Total);

        /// <summary>The operation's entries in the minutes from <paramref name="from"/> to <paramref name="to"/>.</summary>
        public long RequestsIn(long from, long to) => patterns.Sum(p => p.CountIn(from, to));

        /// <summary>The pattern of the largest |z| in the window; z 0 when the operation ran only inside or only outside it.</summary>
        public PatternShift MostShiftedPattern(long from, long to)
        {
            long inWindow = 0, total = 0;
            foreach (var pattern in patterns)
            {
                inWindow += pattern.CountIn(from, to);
                total += pattern.Total;
            }

            var outside = total - inWindow;
            if (inWindow == 0 || outside == 0)
            {
                return default;
            }

            var most = default(PatternShift);
            for (var p = 0; p < patterns.Length; p++)
            {
                var pattern = patterns[p];
                var window = pattern.CountIn(from, to);
                // Half a count of prior keeps a pattern the rest of the run never showed from an expectation of zero.
                var expected = (pattern.Total - window + 0.5) / (outside + 1) * inWindow;
                var z = Math.Abs(window - expected) / Math.Sqrt(expected + 1);
                if (z > most.Z)
                {
                    most = new PatternShift(z, window, expected, inWindow, digests[p]);
                }
            }

            return most;
        }
    }
}
