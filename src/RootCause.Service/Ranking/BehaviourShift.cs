using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// How far each service's logging in an incident's minutes departs from the rest of the run, from the detector's
/// per-minute counts of every log line by template (<see cref="BehaviourCount"/>), flagged or not. Code-level faults
/// (a method that throws or returns a wrong value) often flag no record at the faulty service, but change which lines
/// it writes: a template appears, surges or vanishes.
/// <para>
/// Per template cluster (<see cref="LogTemplateClusters"/>), the Poisson z of its count in the window against its share
/// of the service's lines in the rest of the run (as <see cref="CallPatternShift"/> measures a pattern against how often
/// its operation ran: a change in traffic is no change in which lines are written); a service's shift is its most
/// shifted template's z. The score is the part of that z beyond what the largest of K unchanged templates reaches by
/// chance (√(2 ln K), the expected maximum of K standard normals), as a share of the z: 0 for a shift chance explains,
/// towards 1 for a decisive one. Scaled this way, not by the
/// incident's most shifted service, a run whose logs barely change (the synthetic estate's) leaves the ranking to the
/// other evidence, and a decisive change dominates it.
/// </para>
/// </summary>
public sealed class BehaviourShift
{
    private readonly List<CountSeries> _templates = [];
    private readonly CountSeries _allLines;
    private readonly Dictionary<string, CountSeries> _serviceLines = new(StringComparer.Ordinal);
    private readonly double _chance;

    /// <summary>From a whole run's counts at once (tests, small runs); a run arriving segment by segment uses <see cref="Builder"/>.</summary>
    public BehaviourShift(IReadOnlyList<BehaviourCount> counts)
        : this(Collect(counts))
    {
    }

    private BehaviourShift(MinuteCells<(string Service, string Signal), int> cells)
    {
        var clusterOf = LogTemplateClusters.Of(cells.Cells.Select(static c => (c.Key.Service, c.Key.Signal, c.Value.Sum(static m => (long)m.Value))));
        var clusters = new Dictionary<(string Service, string Template), List<(long Minute, int Count)>>();
        var linesPerMinute = new Dictionary<long, int>();
        var serviceLines = new Dictionary<string, List<(long Minute, int Count)>>(StringComparer.Ordinal);
        foreach (var ((service, template), minutes) in cells.Cells)
        {
            var key = (service, clusterOf[(service, template)]);
            if (!clusters.TryGetValue(key, out var merged))
            {
                clusters[key] = merged = [];
            }

            merged.AddRange(minutes);
            if (!serviceLines.TryGetValue(service, out var own))
            {
                serviceLines[service] = own = [];
            }

            own.AddRange(minutes);
            foreach (var (minute, count) in minutes)
            {
                linesPerMinute[minute] = linesPerMinute.GetValueOrDefault(minute) + count;
            }
        }

        foreach (var ((service, _), minutes) in clusters.OrderBy(static c => c.Key.Service, StringComparer.Ordinal).ThenBy(static c => c.Key.Template, StringComparer.Ordinal))
        {
            _templates.Add(new CountSeries(service, minutes));
        }

        _allLines = new CountSeries(string.Empty, [.. linesPerMinute.Select(static m => (m.Key, m.Value))]);
        foreach (var (service, minutes) in serviceLines)
        {
            _serviceLines[service] = new CountSeries(service, minutes);
        }

        _chance = Math.Sqrt(2 * Math.Log(Math.Max(2, _templates.Count)));
    }

    /// <summary>
    /// Gathers a run's counts segment by segment in compact per-template lists (a long run sends millions of counts;
    /// the messages that carried them need not be kept), then builds the shift once the run is complete.
    /// </summary>
    public sealed class Builder
    {
        internal MinuteCells<(string Service, string Signal), int> Cells { get; } = new();

        public void Add(IEnumerable<BehaviourCount> counts)
        {
            ArgumentNullException.ThrowIfNull(counts);
            foreach (var count in counts)
            {
                Cells.Add((count.Service, count.Template), count.Minute, count.Count);
            }
        }

        public BehaviourShift Build() => new(Cells);
    }

    private static MinuteCells<(string Service, string Signal), int> Collect(IReadOnlyList<BehaviourCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var builder = new Builder();
        builder.Add(counts);
        return builder.Cells;
    }

    /// <summary>True when the detector sent no counts (no log lines in the run).</summary>
    public bool IsEmpty => _templates.Count == 0;

    /// <summary>Each service's shift in 0..1 over the minutes from <paramref name="start"/> to <paramref name="end"/>; services whose shift chance explains are left out.</summary>
    public Dictionary<string, double> Scores(DateTime start, DateTime end) =>
        Changes(start, end).ToDictionary(static c => c.Key, static c => c.Value.Score, StringComparer.Ordinal);

    /// <summary><see cref="Scores"/> with the evidence: how many lines of the most shifted kind, against how many expected.</summary>
    public Dictionary<string, BehaviourChange> Changes(DateTime start, DateTime end)
    {
        var changes = new Dictionary<string, BehaviourChange>(StringComparer.Ordinal);
        foreach (var (service, (z, window, expected)) in MostShiftedTemplate(MinuteSeries.MinuteOf(start), MinuteSeries.MinuteOf(end)))
        {
            if (z > _chance)
            {
                changes[service] = new BehaviourChange(
                    (z - _chance) / z,
                    $"log lines of one kind: {window} in the incident's minutes, {EvidenceText.Number(expected)} expected from the rest of the run (z {EvidenceText.Number(z)})");
            }
        }

        return changes;
    }

    private Dictionary<string, (double Z, long Window, double Expected)> MostShiftedTemplate(long from, long to)
    {
        var shift = new Dictionary<string, (double Z, long Window, double Expected)>(StringComparer.Ordinal);
        var inWindow = _allLines.CountIn(from, to);
        var outside = _allLines.Total - inWindow;
        if (inWindow == 0 || outside == 0)
        {
            return shift;
        }

        foreach (var series in _templates)
        {
            var window = series.CountIn(from, to);
            // Against the service's own lines, so that a service logging more or less of everything (busier, or slowed
            // by a fault elsewhere) is no change in which lines it writes; a service silent in the window, or only in
            // it, has no mix to compare, and its templates are measured against the run's lines instead.
            var lines = _serviceLines[series.Service];
            var ownIn = lines.CountIn(from, to);
            var ownOut = lines.Total - ownIn;
            var expected = ownIn > 0 && ownOut > 0
                ? (double)(series.Total - window) * ownIn / ownOut
                : (double)(series.Total - window) * inWindow / outside;

            var z = Math.Abs(window - expected) / Math.Sqrt(expected + 1);
            if (z > shift.GetValueOrDefault(series.Service).Z)
            {
                shift[series.Service] = (z, window, expected);
            }
        }

        return shift;
    }
}
