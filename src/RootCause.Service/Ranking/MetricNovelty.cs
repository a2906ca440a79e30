using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// How far each service's metrics in an incident's minutes go beyond anything the run showed elsewhere, from the
/// detector's per-minute peaks (<see cref="MetricPeak"/>). A resource fault (CPU contention, a leak) drives the faulty
/// service's own readings to a level the run never reached; a busy or spiky service's usual peaks, however far from
/// its median, were reached before. Per metric: the window's second highest minute (two minutes, so one stray reading
/// is not a regime), its rise over the metric's median, against the highest rise anywhere else in the run; the score
/// is the share of the rise no earlier or later reading reached, 0 when one did. A service's novelty is its most novel
/// metric's, traffic left out (request rates, network bytes: <see cref="Incidents.TrafficChange.IsTrafficMetric"/>).
/// Needs no scale and no threshold: the run itself is the reference.
/// </summary>
public sealed class MetricNovelty
{
    private readonly List<Series> _series = [];

    /// <summary>From a whole run's peaks at once (tests, small runs); a run arriving segment by segment uses <see cref="Builder"/>.</summary>
    public MetricNovelty(IReadOnlyList<MetricPeak> peaks)
        : this(Collect(peaks))
    {
    }

    private MetricNovelty(MinuteCells<(string Service, string Signal), double> cells)
    {
        foreach (var ((service, name), minutes) in cells.Cells.OrderBy(static c => c.Key.Service, StringComparer.Ordinal).ThenBy(static c => c.Key.Signal, StringComparer.Ordinal))
        {
            // Traffic is what a service is asked to do, not how it copes (TrafficChange): a request rate the run never
            // reached is a load its callers sent, no fault of its own, and no change of its own to explain its callers'.
            if (!Incidents.TrafficChange.IsTrafficMetric(name))
            {
                _series.Add(new Series(service, name, minutes));
            }
        }
    }

    /// <summary>Gathers a run's peaks segment by segment in compact per-metric lists, then builds once the run is complete.</summary>
    public sealed class Builder
    {
        internal MinuteCells<(string Service, string Signal), double> Cells { get; } = new();

        public void Add(IEnumerable<MetricPeak> peaks)
        {
            ArgumentNullException.ThrowIfNull(peaks);
            foreach (var peak in peaks)
            {
                Cells.Add((peak.Service, peak.Name), peak.Minute, peak.Max);
            }
        }

        public MetricNovelty Build() => new(Cells);
    }

    private static MinuteCells<(string Service, string Signal), double> Collect(IReadOnlyList<MetricPeak> peaks)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        var builder = new Builder();
        builder.Add(peaks);
        return builder.Cells;
    }

    public bool IsEmpty => _series.Count == 0;

    /// <summary>Each service's novelty in 0..1 over the minutes from <paramref name="start"/> to <paramref name="end"/>; services with none are left out.</summary>
    public Dictionary<string, double> Scores(DateTime start, DateTime end) =>
        Changes(start, end).ToDictionary(static c => c.Key, static c => c.Value.Score, StringComparer.Ordinal);

    /// <summary><see cref="Scores"/> with the evidence: which metric, and how much of its rise the run never reached elsewhere.</summary>
    public Dictionary<string, BehaviourChange> Changes(DateTime start, DateTime end)
    {
        var from = MinuteSeries.MinuteOf(start);
        var to = MinuteSeries.MinuteOf(end);
        var changes = new Dictionary<string, BehaviourChange>(StringComparer.Ordinal);
        foreach (var series in _series)
        {
            var novelty = series.NoveltyIn(from, to);
            if (novelty > 0 && novelty > (changes.TryGetValue(series.Service, out var best) ? best.Score : 0))
            {
                changes[series.Service] = new BehaviourChange(
                    novelty,
                    $"{series.Name} peaked above anything the rest of the run reached, by {EvidenceText.Number(100 * novelty)}% of its rise over its median");
            }
        }

        return changes;
    }

    /// <summary>One service's one metric, minute by minute, with the running maxima from either end for window queries.</summary>
    private sealed class Series
    {
        private readonly long[] _minutes;
        private readonly double[] _values;
        private readonly double[] _maxBefore;
        private readonly double[] _maxFrom;
        private readonly double _median;

        public Series(string service, string name, List<(long Minute, double Max)> readings)
        {
            Service = service;
            Name = name;
            (_minutes, _values) = MinuteSeries.Collapse(readings, Math.Max);
            var n = _values.Length;
            _maxBefore = new double[n + 1];
            _maxFrom = new double[n + 1];
            _maxBefore[0] = double.NegativeInfinity;
            _maxFrom[n] = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                _maxBefore[i + 1] = Math.Max(_maxBefore[i], _values[i]);
                _maxFrom[n - 1 - i] = Math.Max(_maxFrom[n - i], _values[n - 1 - i]);
            }

            var sorted = (double[])_values.Clone();
            Array.Sort(sorted);
            _median = n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        public string Service { get; }

        public string Name { get; }

        public double NoveltyIn(long from, long to)
        {
            var (lo, hi) = MinuteSeries.Range(_minutes, from, to);
            if (hi - lo < 2)
            {
                return 0;
            }

            double highest = double.NegativeInfinity, second = double.NegativeInfinity;
            for (var i = lo; i < hi; i++)
            {
                if (_values[i] > highest)
                {
                    second = highest;
                    highest = _values[i];
                }
                else if (_values[i] > second)
                {
                    second = _values[i];
                }
            }

            var elsewhere = Math.Max(_maxBefore[lo], _maxFrom[hi]);
            var rise = second - _median;
            if (double.IsNegativeInfinity(elsewhere) || rise <= 0)
            {
                return 0;
            }

            return Math.Max(0, 1 - Math.Max(0, elsewhere - _median) / rise);
        }
    }
}
