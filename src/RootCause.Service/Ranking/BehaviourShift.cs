using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// How far each service's behaviour in an incident's minutes departs from the rest of the run, from the detector's
/// per-minute counts of every record (<see cref="BehaviourCount"/>), flagged or not. Two signals, each scaled to 0..1
/// by the incident's most shifted service and averaged:
/// log-template shift (the Poisson z of each template's count in the window against its share of the rest of the run,
/// summed over the service's templates: new, vanished and surging templates all count), and span latency shift (the
/// robust z of an operation's mean ln-duration in the window against its per-minute means over the run, the service's
/// worst operation). Code-level faults often flag no record but change which lines a service writes; resource faults
/// slow the faulty service's own operations first.
/// </summary>
public sealed class BehaviourShift
{
    private const string LogPrefix = "log:";

    /// <summary>An operation's window mean needs this many spans to be compared; fewer is noise.</summary>
    private const int MinimumSpans = 3;

    private readonly List<Series> _logs = [];
    private readonly List<Series> _spans = [];
    private readonly long[] _logMinutes;
    private readonly long[] _logTotals;
    private readonly long _allLogs;

    public BehaviourShift(IReadOnlyList<BehaviourCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var cells = new Dictionary<(string Service, string Signal), SortedDictionary<long, (long Count, double Sum)>>();
        var logTotals = new SortedDictionary<long, long>();
        foreach (var count in counts)
        {
            var minute = count.Minute.Ticks / TimeSpan.TicksPerMinute;
            if (!cells.TryGetValue((count.Service, count.Signal), out var minutes))
            {
                minutes = [];
                cells[(count.Service, count.Signal)] = minutes;
            }

            var cell = minutes.GetValueOrDefault(minute);
            minutes[minute] = (cell.Count + count.Count, cell.Sum + count.LogValueSum);
            if (count.Signal.StartsWith(LogPrefix, StringComparison.Ordinal))
            {
                logTotals[minute] = logTotals.GetValueOrDefault(minute) + count.Count;
                _allLogs += count.Count;
            }
        }

        foreach (var ((service, signal), minutes) in cells.OrderBy(static c => c.Key.Service, StringComparer.Ordinal).ThenBy(static c => c.Key.Signal, StringComparer.Ordinal))
        {
            var series = new Series(service, minutes);
            (signal.StartsWith(LogPrefix, StringComparison.Ordinal) ? _logs : _spans).Add(series);
        }

        _logMinutes = [.. logTotals.Keys];
        _logTotals = Prefix(logTotals.Values);
    }

    /// <summary>True when the detector sent no counts (an older detector, or no spans and no logs).</summary>
    public bool IsEmpty => _logs.Count == 0 && _spans.Count == 0;

    /// <summary>Each service's shift in 0..1 over the minutes from <paramref name="start"/> to <paramref name="end"/>; services that show none are left out.</summary>
    public Dictionary<string, double> Scores(DateTime start, DateTime end)
    {
        var from = start.Ticks / TimeSpan.TicksPerMinute;
        var to = end.Ticks / TimeSpan.TicksPerMinute;
        var logs = LogShift(from, to);
        var latency = LatencyShift(from, to);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        Add(scores, logs);
        Add(scores, latency);
        return scores;
    }

    private Dictionary<string, double> LogShift(long from, long to)
    {
        var shift = new Dictionary<string, double>(StringComparer.Ordinal);
        var inWindow = Sum(_logMinutes, _logTotals, from, to);
        var outside = _allLogs - inWindow;
        if (inWindow == 0 || outside == 0)
        {
            return shift;
        }

        foreach (var series in _logs)
        {
            var window = series.CountIn(from, to);
            var expected = (double)(series.Total - window) * inWindow / outside;
            var z = Math.Abs(window - expected) / Math.Sqrt(expected + 1);
            shift[series.Service] = shift.GetValueOrDefault(series.Service) + z;
        }

        return shift;
    }

    private Dictionary<string, double> LatencyShift(long from, long to)
    {
        var shift = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var series in _spans)
        {
            var (count, sum) = series.In(from, to);
            if (count < MinimumSpans || series.MinuteMeans.Length < 2)
            {
                continue;
            }

            var z = (sum / count - series.Median) / (1.4826 * series.Mad + 1e-6);
            if (z > shift.GetValueOrDefault(series.Service))
            {
                shift[series.Service] = z;
            }
        }

        return shift;
    }

    private static void Add(Dictionary<string, double> scores, Dictionary<string, double> signal)
    {
        var max = 0.0;
        foreach (var value in signal.Values)
        {
            max = Math.Max(max, value);
        }

        if (max <= 0)
        {
            return;
        }

        foreach (var (service, value) in signal)
        {
            if (value > 0)
            {
                scores[service] = scores.GetValueOrDefault(service) + value / max / 2;
            }
        }
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

    /// <summary>One service's one signal, minute by minute, with prefix sums for window queries.</summary>
    private sealed class Series
    {
        private readonly long[] _minutes;
        private readonly long[] _counts;
        private readonly double[] _sums;

        public Series(string service, SortedDictionary<long, (long Count, double Sum)> minutes)
        {
            Service = service;
            _minutes = [.. minutes.Keys];
            _counts = new long[_minutes.Length + 1];
            _sums = new double[_minutes.Length + 1];
            MinuteMeans = new double[_minutes.Length];
            var i = 0;
            foreach (var (count, sum) in minutes.Values)
            {
                _counts[i + 1] = _counts[i] + count;
                _sums[i + 1] = _sums[i] + sum;
                MinuteMeans[i] = count > 0 ? sum / count : 0;
                i++;
            }

            Total = _counts[^1];
            var sorted = (double[])MinuteMeans.Clone();
            Array.Sort(sorted);
            Median = MedianOf(sorted);
            for (var k = 0; k < sorted.Length; k++)
            {
                sorted[k] = Math.Abs(sorted[k] - Median);
            }

            Array.Sort(sorted);
            Mad = MedianOf(sorted);
        }

        public string Service { get; }

        public long Total { get; }

        public double[] MinuteMeans { get; }

        /// <summary>Median of the per-minute means over the whole run: the few incident minutes barely move it.</summary>
        public double Median { get; }

        public double Mad { get; }

        public long CountIn(long from, long to) => In(from, to).Count;

        public (long Count, double Sum) In(long from, long to)
        {
            var lo = LowerBound(_minutes, from);
            var hi = LowerBound(_minutes, to + 1);
            return (_counts[hi] - _counts[lo], _sums[hi] - _sums[lo]);
        }

        private static double MedianOf(double[] sorted) =>
            sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
