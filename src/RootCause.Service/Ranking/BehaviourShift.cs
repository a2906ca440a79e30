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

    public BehaviourShift(IReadOnlyList<BehaviourCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var clusterOf = LogTemplateClusters.Of(TotalsByTemplate(counts));
        var cells = new Dictionary<(string Service, string Template), SortedDictionary<long, long>>();
        var totals = new SortedDictionary<long, long>();
        foreach (var count in counts)
        {
            var minute = count.Minute.Ticks / TimeSpan.TicksPerMinute;
            var template = clusterOf.GetValueOrDefault((count.Service, count.Template), count.Template);
            if (!cells.TryGetValue((count.Service, template), out var minutes))
            {
                minutes = [];
                cells[(count.Service, template)] = minutes;
            }

            minutes[minute] = minutes.GetValueOrDefault(minute) + count.Count;
            totals[minute] = totals.GetValueOrDefault(minute) + count.Count;
            _allLines += count.Count;
        }

        foreach (var ((service, _), minutes) in cells.OrderBy(static c => c.Key.Service, StringComparer.Ordinal).ThenBy(static c => c.Key.Template, StringComparer.Ordinal))
        {
            _templates.Add(new Series(service, minutes));
        }

        _minutes = [.. totals.Keys];
        _totals = Prefix(totals.Values);
        _chance = Math.Sqrt(2 * Math.Log(Math.Max(2, _templates.Count)));
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

    private static IEnumerable<(string Service, string Template, long Count)> TotalsByTemplate(IReadOnlyList<BehaviourCount> counts)
    {
        var totals = new Dictionary<(string Service, string Template), long>();
        foreach (var count in counts)
        {
            totals[(count.Service, count.Template)] = totals.GetValueOrDefault((count.Service, count.Template)) + count.Count;
        }

        return totals.Select(static t => (t.Key.Service, t.Key.Template, t.Value));
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

        public Series(string service, SortedDictionary<long, long> minutes)
        {
            Service = service;
            _minutes = [.. minutes.Keys];
            _counts = Prefix(minutes.Values);
            Total = _counts[^1];
        }

        public string Service { get; }

        public long Total { get; }

        public long CountIn(long from, long to) => Sum(_minutes, _counts, from, to);
    }
}
