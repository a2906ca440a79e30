using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// Which service the calls between services took longer to reach, or to leave, in an incident's minutes than in the
/// rest of the run, from the detector's per-minute histograms of each call's time outside the callee's span
/// (<see cref="CallTransitCount"/>: the network both ways and any wait before the callee started). A delay on one
/// service's network slows every call into it, from every caller, and its own calls out, while the spans' own
/// durations need not move and its callers' spans slow by the same amount as it.
/// <para>
/// Per call edge (caller → callee), the calls in the window whose time outside the callee exceeds what 90 % of the
/// edge's calls in the rest of the run stayed within, against how many the rest of the run makes expected: a Poisson z,
/// as <see cref="CallPatternShift"/> counts patterns. A service's score pools the edges into it and, separately, the
/// edges out of it, each leaving out the edges the other end explains: calls into a service from a caller whose calls
/// to everyone else slowed too, or whose own calls in slowed, say more about the caller (a starved CPU is late making
/// calls and taking them) than about the callee, and the reverse. The stronger of the two, counted beyond what the
/// largest of K unchanged edge ends reaches by chance (√(2 ln K)), puts it on the scale of the other behaviour signals.
/// </para>
/// <para>
/// Requests with no span (all of them in telemetry without traces; those whose traces sampling dropped, their log lines
/// keeping the trace id) tell the same from their log lines: the time from the line before a service's first line in
/// the request to that line (<see cref="DetectionCompleted.LogHandovers"/>). Such a pair of services is an edge of its
/// own, with its own threshold, pooled with the calls: sampling a quarter of the traces leaves a delay's few minutes a
/// handful of calls on an edge, too few to tell a delay from chance, while every request still writes its lines. A
/// service's count is the strongest of the pooled one and each source's alone: where the traces kept were chosen for
/// being slow (tail sampling), the requests left untraced are the fast ones, and pooling them would hide the delay the
/// spans show. A pair of services is one test however many sources tell it, so the chance a service's count is
/// measured against grows with the pairs, not the sources; whether a caller's or callee's other edges slowed is judged
/// within each source, as a hand-over between log lines carries other services' work where a call's time does not.
/// </para>
/// </summary>
public sealed class CallTransitShift
{
    /// <summary>The rest of the run's share of calls an edge's threshold leaves above it, at most.</summary>
    private const double TailShare = 0.1;

    private readonly List<Edge> _edges = [];
    private readonly double _chance;
    private readonly bool _traced;
    private readonly bool _mixed;

    /// <summary>From a whole run's counts at once (tests, small runs); a run arriving segment by segment uses <see cref="Builder"/>.</summary>
    /// <param name="calls">The calls' time outside the callee's span, from the spans (<see cref="DetectionCompleted.CallTransits"/>).</param>
    /// <param name="handovers">The time requests with no span took to pass between services as their log lines tell (<see cref="DetectionCompleted.LogHandovers"/>).</param>
    public CallTransitShift(IReadOnlyList<CallTransitCount> calls, IReadOnlyList<CallTransitCount>? handovers = null)
        : this(Collect(calls, handovers ?? []))
    {
    }

    private CallTransitShift(Builder builder)
    {
        // Each source is its own edge with its own threshold: a hand-over between log lines is not a call's time
        // outside its callee, but both lengthen with a delay on the callee's network.
        foreach (var (cells, source) in new[] { (builder.Calls, TransitSource.Spans), (builder.Handovers, TransitSource.LogLines) })
        {
            foreach (var group in cells.Cells
                .OrderBy(static c => c.Key.Caller, StringComparer.Ordinal)
                .ThenBy(static c => c.Key.Callee, StringComparer.Ordinal)
                .ThenBy(static c => c.Key.TransitMs)
                .GroupBy(static c => (c.Key.Caller, c.Key.Callee)))
            {
                if (!string.Equals(group.Key.Caller, group.Key.Callee, StringComparison.Ordinal))
                {
                    _edges.Add(new Edge(group.Key.Caller, group.Key.Callee, source, [.. group.Select(static c => new CountSeries(c.Key.Callee, c.Value))]));
                }
            }
        }

        _traced = _edges.Exists(static e => e.Source == TransitSource.Spans);
        _mixed = _traced && _edges.Exists(static e => e.Source == TransitSource.LogLines);
        // Each pair of services is judged from both of its ends.
        var pairs = _edges.Select(static e => (e.Caller, e.Callee)).Distinct().Count();
        _chance = Math.Sqrt(2 * Math.Log(Math.Max(2, 2 * pairs)));
    }

    /// <summary>Gathers a run's counts segment by segment in compact per-bucket lists, then builds once the run is complete.</summary>
    public sealed class Builder
    {
        /// <summary>Per caller, callee and time bucket, the calls per minute, from the spans.</summary>
        internal MinuteCells<(string Caller, string Callee, double TransitMs), int> Calls { get; } = new();

        /// <summary>Per service writing a request's line before, service writing the next and time bucket, the hand-overs per minute.</summary>
        internal MinuteCells<(string Caller, string Callee, double TransitMs), int> Handovers { get; } = new();

        /// <summary>Adds a segment's calls from its spans and hand-overs from the log lines of its requests with no span.</summary>
        public void Add(IEnumerable<CallTransitCount> calls, IEnumerable<CallTransitCount>? handovers = null)
        {
            Add(Calls, calls);
            Add(Handovers, handovers ?? []);
        }

        public CallTransitShift Build() => new(this);

        private static void Add(MinuteCells<(string Caller, string Callee, double TransitMs), int> cells, IEnumerable<CallTransitCount> counts)
        {
            ArgumentNullException.ThrowIfNull(counts);
            foreach (var count in counts)
            {
                cells.Add((count.CallerService, count.CalleeService, count.TransitMs), count.Minute, count.Count);
            }
        }
    }

    private static Builder Collect(IReadOnlyList<CallTransitCount> calls, IReadOnlyList<CallTransitCount> handovers)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var builder = new Builder();
        builder.Add(calls, handovers);
        return builder;
    }

    /// <summary>True when the detector sent no counts (no calls between services in the run).</summary>
    public bool IsEmpty => _edges.Count == 0;

    /// <summary>Each service's shift in 0..1 over the minutes from <paramref name="start"/> to <paramref name="end"/>, with the evidence; services whose shift chance explains are left out.</summary>
    public Dictionary<string, BehaviourChange> Changes(DateTime start, DateTime end)
    {
        var from = MinuteSeries.MinuteOf(start);
        var to = MinuteSeries.MinuteOf(end);
        // Every edge with calls in the window, slowed or not: a service's quiet edges dilute its slowed ones.
        var called = new List<(Edge Edge, Tail Tail)>(_edges.Count);
        foreach (var edge in _edges)
        {
            if (edge.TailIn(from, to) is { Calls: > 0 } tail)
            {
                called.Add((edge, tail));
            }
        }

        // Each service's calls out and in, and their totals per source: "its other calls" is a total less one edge, as the
        // same source tells them (a hand-over between log lines carries other services' work, which a span's does not).
        var outOf = new Dictionary<string, List<(Edge Edge, Tail Tail)>>(StringComparer.Ordinal);
        var into = new Dictionary<string, List<(Edge Edge, Tail Tail)>>(StringComparer.Ordinal);
        var outTotals = new Dictionary<(string Service, TransitSource Source), Tail>();
        var inTotals = new Dictionary<(string Service, TransitSource Source), Tail>();
        foreach (var call in called)
        {
            Add(outOf, call.Edge.Caller, call);
            Add(into, call.Edge.Callee, call);
            var (caller, callee) = ((call.Edge.Caller, call.Edge.Source), (call.Edge.Callee, call.Edge.Source));
            outTotals[caller] = outTotals.GetValueOrDefault(caller) + call.Tail;
            inTotals[callee] = inTotals.GetValueOrDefault(callee) + call.Tail;
        }

        var changes = new Dictionary<string, BehaviourChange>(StringComparer.Ordinal);
        foreach (var service in outOf.Keys.Union(into.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            // Calls in from a caller whose other calls out, or whose own calls in, slowed too are the caller's (a starved
            // service is late making calls and taking them); calls out to a callee whose other callers' calls, or whose
            // own calls out, slowed too are the callee's.
            var calledBy = Strongest(into.GetValueOrDefault(service, []).Where(c =>
                !Slowed(outTotals[(c.Edge.Caller, c.Edge.Source)] - c.Tail) && !Slowed(inTotals.GetValueOrDefault((c.Edge.Caller, c.Edge.Source)))));
            var calling = Strongest(outOf.GetValueOrDefault(service, []).Where(c =>
                !Slowed(inTotals[(c.Edge.Callee, c.Edge.Source)] - c.Tail) && !Slowed(outTotals.GetValueOrDefault((c.Edge.Callee, c.Edge.Source)))));
            var (pooled, direction) = calledBy.Z >= calling.Z ? (calledBy, "into") : (calling, "out of");
            var z = pooled.Z;
            if (z > _chance)
            {
                changes[service] = new BehaviourChange(
                    (z - _chance) / z,
                    $"{Evidence(pooled, service, direction)}, {EvidenceText.Number(pooled.Tail.Expected)} expected (z {EvidenceText.Number(z)})",
                    FaultTypes.LatencyInjection);
            }
        }

        return changes;
    }

    /// <summary>What the pooled edges counted, the calls' spans and the log lines of requests with none each in its words.</summary>
    private string Evidence(PooledTail pooled, string service, string direction)
    {
        var parts = new List<string>(2);
        foreach (var source in new[] { TransitSource.Spans, TransitSource.LogLines })
        {
            var edges = pooled.Edges.Where(e => e.Edge.Source == source).ToList();
            if (edges.Count == 0)
            {
                continue;
            }

            var (slow, calls) = (edges.Sum(static e => e.Tail.Slow), edges.Sum(static e => e.Tail.Calls));
            var when = parts.Count == 0 ? " in the incident's minutes" : "";
            var others = string.Join(", ", edges.Select(e => e.Edge.Caller == service ? e.Edge.Callee : e.Edge.Caller).Distinct(StringComparer.Ordinal));
            parts.Add(source == TransitSource.LogLines
                ? $"{(_traced ? "untraced " : "")}requests' log lines passing {direction} it ({others}): {slow} of {calls}{when} took longer to pass between the two services"
                : $"calls {direction} it ({others}): {slow} of {calls}{when} spent longer outside the callee's span (network, queueing)");
        }

        return $"{string.Join(" and ", parts)} than {EvidenceText.Number(100 * (1 - TailShare))}% of the rest of the run's";
    }

    private static void Add(Dictionary<string, List<(Edge Edge, Tail Tail)>> lists, string service, (Edge Edge, Tail Tail) call)
    {
        if (!lists.TryGetValue(service, out var list))
        {
            lists[service] = list = [];
        }

        list.Add(call);
    }

    /// <summary>True when calls whose tail is <paramref name="others"/> slowed beyond chance.</summary>
    private bool Slowed(Tail others) => others.Z > _chance;

    /// <summary>The strongest of the edges' pooled count and each source's count alone (see the class's summary).</summary>
    private PooledTail Strongest(IEnumerable<(Edge Edge, Tail Tail)> edges)
    {
        var all = edges.ToList();
        var best = Pooled(all);
        if (!_mixed)
        {
            return best;
        }

        foreach (var source in new[] { TransitSource.Spans, TransitSource.LogLines })
        {
            var one = Pooled(all.Where(e => e.Edge.Source == source));
            if (one.Z > best.Z)
            {
                best = one;
            }
        }

        return best;
    }

    private static PooledTail Pooled(IEnumerable<(Edge Edge, Tail Tail)> edges)
    {
        var tail = default(Tail);
        var members = new List<(Edge Edge, Tail Tail)>();
        foreach (var edge in edges)
        {
            tail += edge.Tail;
            members.Add(edge);
        }

        return new PooledTail(tail, members);
    }

    /// <summary>Of <see cref="Calls"/> in a window, how many were slower than the rest of the run's threshold, and how many it expected.</summary>
    private readonly record struct Tail(long Slow, double Expected, long Calls)
    {
        public static Tail operator -(Tail all, Tail part) => new(all.Slow - part.Slow, all.Expected - part.Expected, all.Calls - part.Calls);

        public static Tail operator +(Tail a, Tail b) => new(a.Slow + b.Slow, a.Expected + b.Expected, a.Calls + b.Calls);

        /// <summary>Poisson z, a count of one added to the variance so that a handful of calls cannot decide alone.</summary>
        public double Z => Calls == 0 ? 0 : (Slow - Expected) / Math.Sqrt(Expected + 1);
    }

    private readonly record struct PooledTail(Tail Tail, List<(Edge Edge, Tail Tail)> Edges)
    {
        public double Z => Tail.Z;
    }

    /// <summary>One caller → callee pair as one source tells it: its calls' counts per time bucket (ascending), minute by minute.</summary>
    private sealed class Edge(string caller, string callee, TransitSource source, CountSeries[] buckets)
    {
        public string Caller => caller;

        public string Callee => callee;

        public TransitSource Source => source;

        /// <summary>
        /// The window's calls above the lowest bucket that leaves at most <see cref="TailShare"/> of the rest of the
        /// run's calls above it, and that share of the window's calls as the expectation; none when the edge has no calls
        /// inside or none outside the window.
        /// </summary>
        public Tail TailIn(long from, long to)
        {
            Span<long> inWindow = buckets.Length <= 256 ? stackalloc long[buckets.Length] : new long[buckets.Length];
            long window = 0, outside = 0;
            for (var b = 0; b < buckets.Length; b++)
            {
                inWindow[b] = buckets[b].CountIn(from, to);
                window += inWindow[b];
                outside += buckets[b].Total - inWindow[b];
            }

            if (window == 0 || outside == 0)
            {
                return default;
            }

            long above = 0, slow = 0;
            for (var b = buckets.Length - 1; b >= 0; b--)
            {
                var rest = buckets[b].Total - inWindow[b];
                if (above + rest > TailShare * outside)
                {
                    break;
                }

                above += rest;
                slow += inWindow[b];
            }

            // Half a call of prior keeps a threshold the rest of the run never passed from an expectation of zero.
            return new Tail(slow, (above + 0.5) / (outside + 1) * window, window);
        }
    }
}
