using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// What each of some pods' names did minute by minute: when it was first and last seen, its spans' count and mean
/// duration, its log lines' count and each of its metrics' mean reading. Two names of one pod move together.
/// </summary>
internal sealed class InstanceActivity
{
    private readonly Dictionary<(string Service, string Instance), Name> _names = [];

    public static InstanceActivity Of(List<TelemetryRecord> records, HashSet<(string Service, string Instance)> names)
    {
        var activity = new InstanceActivity();
        foreach (var record in records)
        {
            var key = (record.Service, record.Instance);
            if (!names.Contains(key))
            {
                continue;
            }

            if (!activity._names.TryGetValue(key, out var name))
            {
                activity._names[key] = name = new Name();
            }

            var minute = record.Timestamp.Ticks / TimeSpan.TicksPerMinute;
            (name.First, name.Last) = (Math.Min(name.First, minute), Math.Max(name.Last, minute));
            switch (record.Kind)
            {
                case TelemetryKind.Span:
                    name.Add("spans", minute, 1);
                    name.Add("span duration", minute, record.Value, mean: true);
                    break;
                case TelemetryKind.Log:
                    name.Add("log lines", minute, 1);
                    break;
                case TelemetryKind.Metric when double.IsFinite(record.Value):
                    name.Add(record.Name, minute, record.Value, mean: true);
                    break;
            }
        }

        return activity;
    }

    /// <summary>Whether the two names were seen at the same time for at least half the shorter one's life.</summary>
    public bool Overlap((string, string) a, (string, string) b)
    {
        if (!_names.TryGetValue(a, out var x) || !_names.TryGetValue(b, out var y))
        {
            return false;
        }

        var shared = Math.Min(x.Last, y.Last) - Math.Max(x.First, y.First) + 1;
        return shared * 2 >= Math.Min(x.Last - x.First + 1, y.Last - y.First + 1);
    }

    /// <summary>
    /// How closely one name's activity follows the other's: the strongest correlation, either way, between a series of
    /// one and a series of the other over the minutes both hold, as a Fisher z (about standard normal by chance), and how
    /// many pairs of series were compared.
    /// </summary>
    public (double Z, int Compared) Fit((string, string) a, (string, string) b)
    {
        var (x, y) = (_names[a], _names[b]);
        var (from, to) = (Math.Max(x.First, y.First), Math.Min(x.Last, y.Last));
        var (best, compared) = (0.0, 0);
        foreach (var first in x.Series.Values)
        {
            foreach (var second in y.Series.Values)
            {
                if (Correlation(first, second, from, to) is { } fit)
                {
                    compared++;
                    best = Math.Max(best, fit);
                }
            }
        }

        return (best, compared);
    }

    /// <summary>The Fisher z of the two series' correlation, unsigned, or null where they share too few minutes or one is flat.</summary>
    private static double? Correlation(Series a, Series b, long from, long to)
    {
        double n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (var minute = from; minute <= to; minute++)
        {
            if (a.TryGet(minute, out var u) && b.TryGet(minute, out var v))
            {
                (n, sa, sb, saa, sbb, sab) = (n + 1, sa + u, sb + v, saa + (u * u), sbb + (v * v), sab + (u * v));
            }
        }

        var (va, vb) = ((n * saa) - (sa * sa), (n * sbb) - (sb * sb));
        if (n < FewestMinutes || va <= 0 || vb <= 0)
        {
            return null;
        }

        var r = Math.Clamp(Math.Abs(((n * sab) - (sa * sb)) / Math.Sqrt(va * vb)), 0, 0.999999);
        return Math.Atanh(r) * Math.Sqrt(n - 3);
    }

    /// <summary>Fewer shared minutes than this say nothing about whether two series move together.</summary>
    private const int FewestMinutes = 10;

    private sealed class Name
    {
        public long First { get; set; } = long.MaxValue;

        public long Last { get; set; } = long.MinValue;

        public Dictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

        public void Add(string series, long minute, double value, bool mean = false)
        {
            if (!Series.TryGetValue(series, out var found))
            {
                Series[series] = found = new Series(CountsZero: !mean);
            }

            var (sum, count) = found.Minutes.GetValueOrDefault(minute);
            found.Minutes[minute] = (sum + value, count + 1);
        }
    }

    /// <param name="CountsZero">A count is zero in a minute it holds nothing (within the name's life); a reading is missing then.</param>
    private sealed record Series(bool CountsZero)
    {
        public Dictionary<long, (double Sum, int Count)> Minutes { get; } = [];

        public bool TryGet(long minute, out double value)
        {
            if (Minutes.TryGetValue(minute, out var found))
            {
                value = CountsZero ? found.Sum : found.Sum / found.Count;
                return true;
            }

            value = 0;
            return CountsZero;
        }
    }
}
