using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A point of a cumulative OTLP series (a monotonic sum, a cumulative histogram or a summary): what it has counted
/// since <paramref name="Start"/> (<c>startTimeUnixNano</c>, 0 when not said).
/// </summary>
/// <param name="Name">The reading's name: the series' for a sum, its <c>.count</c> for a distribution.</param>
/// <param name="MeanName">A distribution's <c>.mean</c> reading name; null for a sum.</param>
/// <param name="Value">A sum's value, a distribution's count.</param>
/// <param name="Sum">A distribution's sum (NaN when the point has none: no mean).</param>
internal readonly record struct CumulativePoint(
    string Service, string Instance, string Name, string? MeanName, long Start, long Nanos, double Value, double Sum);

/// <summary>
/// The cumulative points of an input, gathered across its lines and files and turned into increases only once all are
/// read, each series in time order: a Collector's rotated files given in any order, or batches written out of order,
/// read as one series counting on, where reading them as they came made every step back look like a reset.
/// </summary>
/// <remarks>
/// A series is a (service, instance, name); a stream is the series counting from one start, so replicas that name no
/// instance, and so share the series, each count on in their own stream. A point of a stream already seen is read as
/// its increase since that stream's last point, or, when it fell, as all it counted since (a reset the start does not
/// say), each as over the series' usual interval (<see cref="CounterIncrease"/>); the first point of a new stream that
/// starts at or after the series' latest point is the process started again (its value is all it counted since); any
/// other stream's first point is the base of the next, counted as such (<see cref="InputRejects.CumulativeBases"/>).
/// </remarks>
internal sealed class CumulativePoints
{
    private readonly List<CumulativePoint> _points = [];

    public int Count => _points.Count;

    /// <summary>The series whose points <see cref="Resolve"/> turned into increases (a distribution's mean among them): counters read already.</summary>
    public HashSet<(string Service, string Instance, string Name)> Resolved { get; } = [];

    /// <summary>Of <see cref="Resolved"/>, the series of increases (a distribution's mean is none).</summary>
    public HashSet<(string Service, string Instance, string Name)> Increases { get; } = [];

    public void Add(CumulativePoint point) => _points.Add(point);

    public void AddRange(List<CumulativePoint> points) => _points.AddRange(points);

    /// <summary>Adds the readings of every point but the bases to <paramref name="records"/>, counts the bases, and forgets the points.</summary>
    public void Resolve(List<TelemetryRecord> records, InputRejects rejects)
    {
        var series = new Dictionary<(string Service, string Instance, string Name), List<int>>();
        for (var i = 0; i < _points.Count; i++)
        {
            var point = _points[i];
            var key = (point.Service, point.Instance, point.Name);
            if (!series.TryGetValue(key, out var members))
            {
                series[key] = members = [];
            }

            members.Add(i);
        }

        long bases = 0;
        var streams = new Dictionary<long, CumulativePoint>();
        foreach (var members in series.Values)
        {
            // In time order; points of one instant keep the order they were read in.
            members.Sort((a, b) => _points[a].Nanos != _points[b].Nanos ? _points[a].Nanos.CompareTo(_points[b].Nanos) : a.CompareTo(b));
            var usual = UsualInterval(members);
            streams.Clear();
            long? latest = null;
            foreach (var index in members)
            {
                var point = _points[index];
                var known = streams.TryGetValue(point.Start, out var previous);
                // A stream reports once an instant: the same point again was read twice (files that overlap in time).
                if (known && previous.Nanos == point.Nanos)
                {
                    continue;
                }

                var restarted = !known && latest is { } last && point.Start != 0 && point.Start >= last;
                // A restarted stream counted since the series' last reading, as far as can be told.
                var elapsed = point.Nanos - (known ? previous.Nanos : latest ?? point.Nanos);
                streams[point.Start] = point;
                latest = point.Nanos;
                if (!known && !restarted)
                {
                    bases++;
                    continue;
                }

                var (value, sum) = known && point.Value >= previous.Value
                    ? (point.Value - previous.Value, point.Sum - previous.Sum)
                    : (point.Value, point.Sum);
                // As over the usual interval: a missed export is no spike. A distribution's count and sum scale alike, its mean not at all.
                (value, sum) = (CounterIncrease.Scaled(value, elapsed, usual), CounterIncrease.Scaled(sum, elapsed, usual));
                var time = DateTime.UnixEpoch.AddTicks(point.Nanos / 100);
                records.Add(new TelemetryRecord(-1, time, TelemetryKind.Metric, point.Service, point.Instance, point.Name, value));
                Resolved.Add((point.Service, point.Instance, point.Name));
                Increases.Add((point.Service, point.Instance, point.Name));
                if (point.MeanName is { } mean)
                {
                    Resolved.Add((point.Service, point.Instance, mean));
                    if (value > 0 && !double.IsNaN(sum))
                    {
                        records.Add(new TelemetryRecord(-1, time, TelemetryKind.Metric, point.Service, point.Instance, mean, sum / value));
                    }
                }
            }
        }

        rejects.AddCumulativeBases(bases);
        _points.Clear();
    }

    /// <summary>The usual time between a series' consecutive points of one stream (replicas sharing a series interleave theirs).</summary>
    private long UsualInterval(List<int> members)
    {
        var gaps = new List<long>(members.Count);
        var last = new Dictionary<long, long>();
        foreach (var index in members)
        {
            var point = _points[index];
            if (last.TryGetValue(point.Start, out var before))
            {
                gaps.Add(point.Nanos - before);
            }

            last[point.Start] = point.Nanos;
        }

        return CounterIncrease.UsualInterval(gaps);
    }
}
