using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Metric series that are counters as Prometheus scrapes them: what a process has counted since it started, read as
/// the increase between readings, as OTLP's cumulative sums are (<see cref="CumulativePoints"/>). Read as levels, a
/// counter climbs all day, every reading is a new high, and a restart is a fall of its whole count.
/// <para>
/// A counter is told by its name, Prometheus' and OpenMetrics' reserved suffixes (<c>_total</c> for counters,
/// <c>_count</c>, <c>_sum</c> and <c>_bucket</c> for the parts of histograms and summaries; before any
/// <c>{labels}</c>), and by its shape: it never falls except to start again, to less than half of what it had counted
/// (a process that restarts counts from zero). A series so named that falls otherwise is a gauge whatever its name and
/// is read as it is, and said. The first reading of each counter is the base its increases are measured from; after a
/// restart, a reading is all that was counted since; each increase is as over the series' usual interval, so a missed
/// scrape is no spike (<see cref="CounterIncrease"/>).
/// </para>
/// </summary>
internal static class CounterSeries
{
    private static readonly string[] Suffixes = ["_total", "_count", "_sum", "_bucket"];

    /// <summary>What reading counters as increases did.</summary>
    /// <param name="Counters">Series read as increases; the first reading of each is the base of its increases, not a reading of its own.</param>
    /// <param name="Gauges">Series with a counter's name that fall without starting again, read as they are: up to three names, and how many.</param>
    public sealed record Outcome(int Counters, IReadOnlyList<string> Gauges, int GaugeCount)
    {
        public static Outcome None { get; } = new(0, [], 0);
    }

    /// <summary>The records in time order with every counter's readings replaced by its increases and its first reading left out.</summary>
    /// <param name="increases">Series that are increases already (OTLP's cumulative sums, read as such), whatever their names.</param>
    public static (List<TelemetryRecord> Records, Outcome Outcome) Increases(
        List<TelemetryRecord> records, IReadOnlySet<(string Service, string Instance, string Name)> increases)
    {
        var series = new Dictionary<(string Service, string Instance, string Name), List<int>>();
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is { Kind: TelemetryKind.Metric } record && IsCounterName(record.Name)
                && !increases.Contains((record.Service, record.Instance, record.Name)))
            {
                var key = (record.Service, record.Instance, record.Name);
                if (!series.TryGetValue(key, out var members))
                {
                    series[key] = members = [];
                }

                members.Add(i);
            }
        }

        if (series.Count == 0)
        {
            return (records, Outcome.None);
        }

        var replaced = new Dictionary<int, TelemetryRecord?>();
        var gauges = new SortedSet<string>(StringComparer.Ordinal);
        var gaugeCount = 0;
        var counters = 0;
        foreach (var (key, members) in series)
        {
            // One reading cannot tell a counter from a gauge, nor give an increase.
            if (members.Count < 2)
            {
                continue;
            }

            if (!IsCounterShaped(records, members))
            {
                gaugeCount++;
                gauges.Add(key.Name);
                continue;
            }

            counters++;
            replaced[members[0]] = null;
            var gaps = new List<long>(members.Count);
            for (var m = 1; m < members.Count; m++)
            {
                gaps.Add(records[members[m]].Timestamp.Ticks - records[members[m - 1]].Timestamp.Ticks);
            }

            var usual = CounterIncrease.UsualInterval(gaps);
            for (var m = 1; m < members.Count; m++)
            {
                var (before, now) = (records[members[m - 1]], records[members[m]]);
                replaced[members[m]] = now with { Value = CounterIncrease.Of(before.Value, now.Value, gaps[m - 1], usual) };
            }
        }

        if (counters == 0)
        {
            return (records, new Outcome(0, [.. gauges.Take(3)], gaugeCount));
        }

        var result = new List<TelemetryRecord>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            if (!replaced.TryGetValue(i, out var record))
            {
                result.Add(records[i]);
            }
            else if (record is not null)
            {
                result.Add(record);
            }
        }

        return (result, new Outcome(counters, [.. gauges.Take(3)], gaugeCount));
    }

    /// <summary>Whether the name before any labels ends in a suffix Prometheus reserves for cumulative series.</summary>
    public static bool IsCounterName(string name)
    {
        var brace = name.IndexOf('{', StringComparison.Ordinal);
        var bare = brace < 0 ? name.AsSpan() : name.AsSpan(0, brace);
        foreach (var suffix in Suffixes)
        {
            if (bare.EndsWith(suffix, StringComparison.Ordinal) && bare.Length > suffix.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>No reading negative, and every fall a start from scratch: to less than half of the reading before.</summary>
    private static bool IsCounterShaped(List<TelemetryRecord> records, List<int> members)
    {
        for (var m = 0; m < members.Count; m++)
        {
            var now = records[members[m]].Value;
            if (now < 0 || (m > 0 && now < records[members[m - 1]].Value && now >= records[members[m - 1]].Value / 2))
            {
                return false;
            }
        }

        return true;
    }
}
