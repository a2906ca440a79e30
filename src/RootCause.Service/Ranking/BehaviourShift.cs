using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// How far each service's logging in an incident's minutes departs from the rest of the run, from the detector's
/// per-minute counts of every log line by template (<see cref="BehaviourCount"/>), flagged or not. Code-level faults
/// (a method that throws or returns a wrong value) often flag no record at the faulty service, but change which lines
/// it writes: a template appears, surges or vanishes.
/// <para>
/// Per template cluster (<see cref="LogTemplateClusters"/>), the Poisson z of its count in the window against its share
/// of the rest of the run; a service's shift is its most shifted template's z. The score is the part of that z beyond
/// what the largest of K unchanged templates reaches by chance (√(2 ln K), the expected maximum of K standard normals),
/// as a share of the z: 0 for a shift chance explains, towards 1 for a decisive one. Scaled this way, not by the
/// incident's most shifted service, a run whose logs barely change (the synthetic estate's) leaves the ranking to the
/// other evidence, and a decisive change dominates it.
/// </para>
/// </summary>
public sealed class BehaviourShift
{
    private readonly List<Series> _templates = [];
    private readonly long[] _minutes;
    private readonly long[] _totals;
    private readonly long _allLines;
    private readonly double _chance;

    /// <summary>From a whole run's counts at once (tests, small runs); a run arriving segment by segment uses <see cref="Builder"/>.</summary>
    public BehaviourShift(IReadOnlyList<BehaviourCount> counts)
        : this(Collect(counts))
    {
    }

    private BehaviourShift(Dictionary<(string Service, string Template), List<(long Minute, int Count)>> cells)
    {
        var clusterOf = LogTemplateClusters.Of(cells.Select(static c => (c.Key.Service, c.Key.Template, c.Value.Sum(static m => (long)m.Count))));
        var clusters = new Dictionary<(string Service, string Template), List<(long Minute, int Count)>>();
        var totals = new SortedDictionary<long, long>();
        foreach (var ((service, template), minutes) in cells)
        {
            var key = (service, clusterOf[(service, template)]);
            if (!clusters.TryGetValue(key, out var merged))
            {
                clusters[key] = merged = [];
            }

            merged.AddRange(minutes);
            foreach (var (minute, count) in minutes)
            {
                totals[minute] = totals.GetValueOrDefault(minute) + count;
                _allLines += count;
            }
        }

        foreach (var ((service, _), minutes) in clusters.OrderBy(static c => c.Key.Service, StringComparer.Ordinal).ThenBy(static c => c.Key.Item2, StringComparer.Ordinal))
        {
            _templates.Add(new Series(service, minutes));
        }

        _minutes = [.. totals.Keys];
        _totals = Prefix(totals.Values);
        _chance = Math.Sqrt(2 * Math.Log(Math.Max(2, _templates.Count)));
    }

    /// <summary>
    /// Gathers a run's counts segment by segment in compact per-template lists (a long run sends millions of counts;
    /// the messages that carried them need not be kept), then builds the shift once the run is complete.
    /// </summary>
    public sealed class Builder
    {
        internal Dictionary<(string Service, string Template), List<(long Minute, int Count)>> Cells { get; } = [];

        public void Add(IEnumerable<BehaviourCount> counts)
        {
            ArgumentNullException.ThrowIfNull(counts);
            foreach (var count in counts)
            {
                if (!Cells.TryGetValue((count.Service, count.Template), out var minutes))
                {
                    Cells[(count.Service, count.Template)] = minutes = [];
                }

                minutes.Add((count.Minute.Ticks / TimeSpan.TicksPerMinute, count.Count));
            }
        }

        public BehaviourShift Build() => new(Cells);
    }

    private static Dictionary<(string Service, string Template), List<(long Minute, int Count)>> Collect(IReadOnlyList<BehaviourCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var builder = new Builder();
        builder.Add(counts);
        return builder.Cells;
    }

    /// <summary>True when the detector sent no counts (no log lines in the run).</summary>
    public bool IsEmpty => _templates.Count == 0;

    /// <summary>Each service's shift in 0..1 over the minutes from <paramref name="start"/> to <paramref name="end"/>; services whose shift chance explains are left out.</summary>
    public Dictionary<string, double> Scores(DateTime start, DateTime end)
    {
        var from = start.Ticks / TimeSpan.TicksPerMinute;
        var to = end.Ticks / TimeSpan.TicksPerMinute;
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (service, z) in MostShiftedTemplate(from, to))
        {
            if (z > _chance)
            {
                scores[service] = (z - _chance) / z;
            }
        }

        return scores;
    }

    private Dictionary<string, double> MostShiftedTemplate(long from, long to)
    {
        var shift = new Dictionary<string, double>(StringComparer.Ordinal);
        var inWindow = Sum(_minutes, _totals, from, to);
        var outside = _allLines - inWindow;
        if (inWindow == 0 || outside == 0)
        {
            return shift;
        }

        foreach (var series in _templates)
        {
            var window = series.CountIn(from, to);
            var expected = (double)(series.Total - window) * inWindow / outside;
            var z = Math.Abs(window - expected) / Math.Sqrt(expected + 1);
            if (z > shift.GetValueOrDefault(series.Service))
            {
                shift[series.Service] = z;
            }
        }

        return shift;
    }

    private static long[] Prefix(IEnumerable<long> values)
    {
        var prefix = new List<long> { 0 };
        foreach (var value in values)
        {
            prefix.Add(prefix[^1] + value);
        }

        return [.. prefix];
    }

    private static long Sum(long[] minutes, long[] prefix, long from, long to)
    {
        var lo = LowerBound(minutes, from);
        var hi = LowerBound(minutes, to + 1);
        return prefix[hi] - prefix[lo];
    }

    private static int LowerBound(long[] minutes, long value)
    {
        var index = Array.BinarySearch(minutes, value);
        return index >= 0 ? index : ~index;
    }

    /// <summary>One service's one template cluster, minute by minute, with prefix sums for window queries.</summary>
    private sealed class Series
    {
        private readonly long[] _minutes;
        private readonly long[] _counts;

        /// <param name="minutes">Counts in any order, a minute possibly more than once (segments overlap at their edges).</param>
        public Series(string service, List<(long Minute, int Count)> minutes)
        {
            Service = service;
            minutes.Sort(static (a, b) => a.Minute.CompareTo(b.Minute));
            var distinct = new List<long>(minutes.Count);
            var counts = new List<long>(minutes.Count + 1) { 0 };
            foreach (var (minute, count) in minutes)
            {
                if (distinct.Count > 0 && distinct[^1] == minute)
                {
                    counts[^1] += count;
                }
                else
                {
                    distinct.Add(minute);
                    counts.Add(counts[^1] + count);
                }
            }

            _minutes = [.. distinct];
            _counts = [.. counts];
            Total = _counts[^1];
        }

        public string Service { get; }

        public long Total { get; }

        public long CountIn(long from, long to) => Sum(_minutes, _counts, from, to);
    }
}
