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
    private readonly double _chance;

    /// <summary>From a whole run's counts at once (tests, small runs); a run arriving segment by segment uses <see cref="Builder"/>.</summary>
    public CallPatternShift(IReadOnlyList<CallPatternCount> counts)
        : this(Collect(counts))
    {
    }

    private CallPatternShift(MinuteCells<(string Service, string Operation, string Pattern), int> cells)
    {
        var patterns = 0;
        foreach (var group in cells.Cells
            .OrderBy(static c => c.Key.Service, StringComparer.Ordinal)
            .ThenBy(static c => c.Key.Operation, StringComparer.Ordinal)
            .ThenBy(static c => c.Key.Pattern, StringComparer.Ordinal)
            .GroupBy(static c => (c.Key.Service, c.Key.Operation)))
        {
            var series = group.Select(c => new CountSeries(c.Key.Service, c.Value)).ToArray();
            _operations.Add(new Operation(series));
            patterns += series.Length;
        }

        _chance = Math.Sqrt(2 * Math.Log(Math.Max(2, patterns)));
    }

    /// <summary>Gathers a run's counts segment by segment in compact per-pattern lists, then builds once the run is complete.</summary>
    public sealed class Builder
    {
        internal MinuteCells<(string Service, string Operation, string Pattern), int> Cells { get; } = new();

        public void Add(IEnumerable<CallPatternCount> counts)
        {
            ArgumentNullException.ThrowIfNull(counts);
            foreach (var count in counts)
            {
                Cells.Add((count.Service, count.Operation, count.Pattern), count.Minute, count.Count);
            }
        }

        public CallPatternShift Build() => new(Cells);
    }

    private static MinuteCells<(string Service, string Operation, string Pattern), int> Collect(IReadOnlyList<CallPatternCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var builder = new Builder();
        builder.Add(counts);
        return builder.Cells;
    }

    /// <summary>True when the detector sent no counts (no spans in the run).</summary>
    public bool IsEmpty => _operations.Count == 0;

    /// <summary>Each service's shift in 0..1 over the minutes from <paramref name="start"/> to <paramref name="end"/>; services whose shift chance explains are left out.</summary>
    public Dictionary<string, double> Scores(DateTime start, DateTime end)
    {
        var from = MinuteSeries.MinuteOf(start);
        var to = MinuteSeries.MinuteOf(end);
        var shift = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var operation in _operations)
        {
            var z = operation.MostShiftedPattern(from, to);
            if (z > shift.GetValueOrDefault(operation.Service))
            {
                shift[operation.Service] = z;
            }
        }

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (service, z) in shift)
        {
            if (z > _chance)
            {
                scores[service] = (z - _chance) / z;
            }
        }

        return scores;
    }

    /// <summary>One service's one entry operation: its patterns' series.</summary>
    private sealed class Operation(CountSeries[] patterns)
    {
        public string Service => patterns[0].Service;

        /// <summary>The largest |z| of a pattern's count in the window; 0 when the operation ran only inside or only outside it.</summary>
        public double MostShiftedPattern(long from, long to)
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
                return 0;
            }

            var most = 0.0;
            foreach (var pattern in patterns)
            {
                var window = pattern.CountIn(from, to);
                // Half a count of prior keeps a pattern the rest of the run never showed from an expectation of zero.
                var expected = (pattern.Total - window + 0.5) / (outside + 1) * inWindow;
                most = Math.Max(most, Math.Abs(window - expected) / Math.Sqrt(expected + 1));
            }

            return most;
        }
    }
}
