using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// Everything a run's detectors reported about how services behaved, flagged or not: log-template shift
/// (<see cref="BehaviourShift"/>), call-pattern shift (<see cref="CallPatternShift"/>) and metric novelty
/// (<see cref="MetricNovelty"/>) and the time calls between services spend outside the callee (<see cref="CallTransitShift"/>,
/// with the time requests without spans take to pass between services as their log lines tell).
/// A service's behaviour change in an incident is the strongest of these: each is
/// 0..1 and measured against what the rest of the run makes ordinary, so any one can decide on its own. What of it is
/// a service's own, not a change below it showing through, follows from the run's calls between operations
/// (<see cref="BehaviourPropagation"/>). An input of several recordings (<see cref="Recordings"/>: days an hour or more
/// apart) measures each incident against its own recording's behaviour.
/// </summary>
public sealed class RunBehaviour(BehaviourShift logs, CallPatternShift calls, MetricNovelty metrics, CallTransitShift transits, OperationGraph operations)
{
    public static RunBehaviour None { get; } = new(new BehaviourShift([]), new CallPatternShift([]), new MetricNovelty([]), new CallTransitShift([]), new OperationGraph([]));

    public BehaviourShift Logs => logs;

    public CallPatternShift Calls => calls;

    public MetricNovelty Metrics => metrics;

    public CallTransitShift Transits => transits;

    /// <summary>Per service, the instances its records came from over the run with their first and last record, in ordinal order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<InstanceSeen>> Instances
    {
        get => _instances;
        init
        {
            _instances = value;
            var all = value.Values.SelectMany(static list => list).ToList();
            InstancesSeen = all.Count == 0 ? null : (all.Min(static i => i.First), all.Max(static i => i.Last));
        }
    }

    private readonly IReadOnlyDictionary<string, IReadOnlyList<InstanceSeen>> _instances = new Dictionary<string, IReadOnlyList<InstanceSeen>>(StringComparer.Ordinal);

    /// <summary>The first and the last record of any instance (null when none is known): the input's time as its instances saw it.</summary>
    public (DateTime First, DateTime Last)? InstancesSeen { get; private init; }

    /// <summary>
    /// Each service's own behaviour change in 0..1 from <paramref name="start"/> to <paramref name="end"/>: its strongest
    /// change, discounted by the changes below it (<see cref="BehaviourPropagation"/>); services with none are left out.
    /// </summary>
    public Dictionary<string, BehaviourChange> OwnChanges(DateTime start, DateTime end)
    {
        // Changes measures against the incident's own recording; the calls between operations are the run's in each.
        var changes = Changes(start, end);
        var own = BehaviourPropagation.OwnShare(
            changes.ToDictionary(static c => c.Key, static c => c.Value.Score, StringComparer.Ordinal),
            operations,
            changes.Where(static c => c.Value.Callees is not null).ToDictionary(static c => c.Key, static c => c.Value.Callees!, StringComparer.Ordinal));
        foreach (var (service, share) in own)
        {
            if (share.Below is { } below)
            {
                var explained = 1 - share.Score / changes[service].Score;
                changes[service] = changes[service] with
                {
                    Score = share.Score,
                    Evidence = $"{changes[service].Evidence}; {EvidenceText.Number(100 * explained)}% of it put down to the change below it at {below}",
                };
            }
        }

        return changes;
    }

    /// <summary>Each service's strongest behaviour change in 0..1 from <paramref name="start"/> to <paramref name="end"/>; services with none are left out.</summary>
    public Dictionary<string, BehaviourChange> Changes(DateTime start, DateTime end)
    {
        if (RecordingOf(start) is { } recording)
        {
            return recording.Changes(start, end);
        }

        var changes = logs.IsEmpty ? [] : logs.Changes(start, end);
        if (!calls.IsEmpty)
        {
            KeepStronger(changes, calls.Changes(start, end));
        }

        if (!metrics.IsEmpty)
        {
            KeepStronger(changes, metrics.Changes(start, end));
        }

        if (!transits.IsEmpty)
        {
            KeepStronger(changes, transits.Changes(start, end));
        }

        return changes;
    }

    /// <summary>
    /// The first and last minute of each recording (<see cref="Recordings"/>) when the run holds more than one, each
    /// incident's behaviour measured against its own's; empty for a continuous run, measured against the whole.
    /// </summary>
    public IReadOnlyList<(DateTime First, DateTime Last)> RecordingSpans =>
        [.. _recordings.Select(static r => (MinuteSeries.StartOf(r.First), MinuteSeries.StartOf(r.Last)))];

    /// <summary>The behaviour of the recording <paramref name="start"/> lies in, or the last before it; null when the run is one recording.</summary>
    private RunBehaviour? RecordingOf(DateTime start)
    {
        if (_recordings.Count == 0)
        {
            return null;
        }

        var minute = MinuteSeries.MinuteOf(start);
        var index = _recordings.FindLastIndex(r => r.First <= minute);
        return _recordings[Math.Max(0, index)].Behaviour;
    }

    private List<(long First, long Last, RunBehaviour Behaviour)> _recordings = [];

    private static void KeepStronger(Dictionary<string, BehaviourChange> changes, Dictionary<string, BehaviourChange> other)
    {
        foreach (var (service, change) in other)
        {
            if (change.Score > (changes.TryGetValue(service, out var known) ? known.Score : 0))
            {
                changes[service] = change;
            }
        }
    }

    /// <summary>Gathers what each segment's completion reports, in compact per-signal lists, and builds once the run is complete.</summary>
    public sealed class Builder
    {
        private readonly BehaviourShift.Builder _logs = new();
        private readonly CallPatternShift.Builder _calls = new();
        private readonly MetricNovelty.Builder _metrics = new();
        private readonly CallTransitShift.Builder _transits = new();
        private readonly Dictionary<(string, string, string, string), long> _operationCalls = [];
        private readonly Dictionary<string, SortedDictionary<string, InstanceSeen>> _instances = new(StringComparer.Ordinal);

        /// <summary>Per service and log template, the lines per minute.</summary>
        internal MinuteCells<(string Service, string Signal), int> Logs => _logs.Cells;

        /// <summary>Per service, entry operation and call pattern, the requests per minute.</summary>
        internal MinuteCells<(string Service, string Operation, string Pattern), int> Calls => _calls.Cells;

        /// <summary>Per call pattern, what its requests did in outline.</summary>
        internal Dictionary<string, CallPatternOutline> CallPatternOutlines => _calls.Outlines;

        /// <summary>Per service and metric, the highest reading per minute.</summary>
        internal MinuteCells<(string Service, string Signal), double> Metrics => _metrics.Cells;

        /// <summary>Per caller, callee and time bucket, the calls per minute.</summary>
        internal MinuteCells<(string Caller, string Callee, double TransitMs), int> Transits => _transits.Calls;

        /// <summary>Per service writing a request's line before, service writing the next and time bucket, the hand-overs per minute.</summary>
        internal MinuteCells<(string Caller, string Callee, double TransitMs), int> Handovers => _transits.Handovers;

        public void Add(DetectionCompleted completed)
        {
            ArgumentNullException.ThrowIfNull(completed);
            _logs.Add(completed.Behaviour ?? []);
            _calls.Add(completed.CallPatterns ?? []);
            _calls.AddOutlines(completed.CallPatternOutlines ?? []);
            _metrics.Add(completed.MetricPeaks ?? []);
            _transits.Add(completed.CallTransits ?? [], completed.LogHandovers ?? []);
            AddOperationCalls(completed.OperationEdges ?? []);
            AddInstances(completed.Instances ?? []);
        }

        /// <summary>The instances of each service, merged over the segments: an instance's first record of all and its last.</summary>
        public void AddInstances(IEnumerable<ServiceInstances> instances)
        {
            ArgumentNullException.ThrowIfNull(instances);
            foreach (var service in instances)
            {
                if (!_instances.TryGetValue(service.Service, out var known))
                {
                    _instances[service.Service] = known = new SortedDictionary<string, InstanceSeen>(StringComparer.Ordinal);
                }

                foreach (var seen in service.Instances)
                {
                    known[seen.Instance] = known.TryGetValue(seen.Instance, out var earlier)
                        ? new InstanceSeen(seen.Instance, Min(earlier.First, seen.First), Max(earlier.Last, seen.Last))
                        : seen;
                }
            }
        }

        private static DateTime Min(DateTime a, DateTime b) => a <= b ? a : b;

        private static DateTime Max(DateTime a, DateTime b) => a >= b ? a : b;

        /// <summary>Calls between operations, summed per edge over the segments.</summary>
        public void AddOperationCalls(IEnumerable<OperationEdge> edges)
        {
            ArgumentNullException.ThrowIfNull(edges);
            foreach (var edge in edges)
            {
                var key = (edge.CallerService, edge.CallerOperation, edge.CalleeService, edge.CalleeOperation);
                _operationCalls[key] = _operationCalls.GetValueOrDefault(key) + edge.Calls;
            }
        }

        public RunBehaviour Build()
        {
            var operations = new OperationGraph(_operationCalls.Select(static c => new OperationEdge(c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Key.Item4, c.Value)));
            var run = new RunBehaviour(_logs.Build(), _calls.Build(), _metrics.Build(), _transits.Build(), operations)
            {
                Instances = _instances.ToDictionary(static pair => pair.Key, static pair => (IReadOnlyList<InstanceSeen>)[.. pair.Value.Values], StringComparer.Ordinal),
            };
            var recordings = Recordings.Of(Minutes(Logs).Concat(Minutes(Calls)).Concat(Minutes(Metrics)).Concat(Minutes(Transits)));
            if (recordings.Count > 1)
            {
                // Each recording's four measures of its own readings, beside the run's calls between operations.
                run._recordings = [.. recordings.Select(r =>
                {
                    var within = Within(r.First, r.Last);
                    return (r.First, r.Last, new RunBehaviour(within._logs.Build(), within._calls.Build(), within._metrics.Build(), within._transits.Build(), operations));
                })];
            }

            return run;
        }

        /// <summary>A builder of the readings from minute <paramref name="first"/> to <paramref name="last"/>, with the call patterns' outlines.</summary>
        private Builder Within(long first, long last)
        {
            var within = new Builder();
            foreach (var (pattern, outline) in CallPatternOutlines)
            {
                within.CallPatternOutlines[pattern] = outline;
            }

            Copy(Logs, within.Logs, first, last);
            Copy(Calls, within.Calls, first, last);
            Copy(Metrics, within.Metrics, first, last);
            Copy(Transits, within.Transits, first, last);
            Copy(Handovers, within.Handovers, first, last);
            return within;
        }

        private static IEnumerable<long> Minutes<TKey, T>(MinuteCells<TKey, T> cells)
            where TKey : notnull =>
            cells.Cells.Values.SelectMany(static readings => readings.Select(static r => r.Minute));

        private static void Copy<TKey, T>(MinuteCells<TKey, T> from, MinuteCells<TKey, T> to, long first, long last)
            where TKey : notnull
        {
            foreach (var (key, readings) in from.Cells)
            {
                var kept = readings.FindAll(r => r.Minute >= first && r.Minute <= last);
                if (kept.Count > 0)
                {
                    to.Cells[key] = kept;
                }
            }
        }
    }
}
