using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Metric series scraped more often than once a minute, read once a minute, as Prometheus' <c>query_range</c> with a
/// 60 s step reads them. Prometheus is often set to scrape every 30 s (kube-prometheus' default) or 15 s, and a pair of
/// servers run for high availability writes each series twice at moments of its own; the detectors judge a metric
/// minute by minute (a level that moves so much a minute, a minute's peak against the run's), and a series read four
/// times a minute is four times as long to them, its noise judged reading by reading. A series most of whose minutes
/// hold several readings, most of them as many (a scrape's steady pace), keeps each minute's last: what a scrape at the
/// end of every minute would have read, a level for a gauge and a count so far for a counter, whose increases are then
/// read a minute apart (<see cref="CounterSeries"/>). A series that holds increases already (OTLP's cumulative sums,
/// read as such) keeps the sum of the minute's, stamped at its last. Series read once a minute or more slowly, as the
/// converted Nezha days and the generator's are, and measurements written as the traffic comes (a reading per
/// request), are read as they are.
/// </summary>
internal static class MinuteReadings
{
    /// <param name="Series">Series read once a minute.</param>
    /// <param name="Readings">Their readings as read.</param>
    /// <param name="Minutes">The readings kept, one a minute.</param>
    /// <param name="Example">One such series' name, to show which they are.</param>
    internal sealed record Outcome(int Series, long Readings, long Minutes, string? Example)
    {
        public static Outcome None { get; } = new(0, 0, 0, null);
    }

    /// <summary>The records (in time order) with every series read more often than once a minute read once a minute.</summary>
    /// <param name="increases">Series that are increases already, whose minute is the sum of its readings.</param>
    public static (List<TelemetryRecord> Records, Outcome Outcome) Fold(
        List<TelemetryRecord> records, IReadOnlySet<(string Service, string Instance, string Name)> increases)
    {
        // Per series and minute: how many readings, the sum of those with a value and how many, and the index of the one
        // kept: the last with a value (a gap at the minute's end leaves the reading before it), else the last.
        var minutes = new Dictionary<(string Service, string Instance, string Name, long Minute), (int Readings, double Sum, int Valued, int Last)>();
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is { Kind: TelemetryKind.Metric } record)
            {
                var key = (record.Service, record.Instance, record.Name, record.Timestamp.Ticks / TimeSpan.TicksPerMinute);
                var (readings, sum, valued, last) = minutes.GetValueOrDefault(key);
                minutes[key] = double.IsFinite(record.Value) ? (readings + 1, sum + record.Value, valued + 1, i) : (readings + 1, sum, valued, valued > 0 ? last : i);
            }
        }

        // A series is scraped more often than once a minute when most of its minutes hold more than one reading (one
        // read every minute whose stamps jitter holds two in a minute now and then, and none in the next) and most hold
        // the same number: a scrape reads at a steady pace, while a measurement written per request or invocation (an
        // EMF line per Lambda call) comes as the traffic does, and each reading is a measurement of its own.
        var perMinute = new Dictionary<(string Service, string Instance, string Name), List<int>>();
        foreach (var ((service, instance, name, _), minute) in minutes)
        {
            if (!perMinute.TryGetValue((service, instance, name), out var counts))
            {
                perMinute[(service, instance, name)] = counts = [];
            }

            counts.Add(minute.Readings);
        }

        var fast = new HashSet<(string Service, string Instance, string Name)>();
        foreach (var (series, counts) in perMinute)
        {
            var several = counts.Count(static c => c > 1);
            var modal = counts.CountBy(static c => c).Max(static c => c.Value);
            if (several * 2 > counts.Count && modal * 2 > counts.Count)
            {
                fast.Add(series);
            }
        }

        if (fast.Count == 0)
        {
            return (records, Outcome.None);
        }

        var kept = new List<TelemetryRecord>(records.Count);
        var (read, minutesKept) = (0L, 0L);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var series = (record.Service, record.Instance, record.Name);
            if (record.Kind != TelemetryKind.Metric || !fast.Contains(series))
            {
                kept.Add(record);
                continue;
            }

            read++;
            var minute = minutes[(record.Service, record.Instance, record.Name, record.Timestamp.Ticks / TimeSpan.TicksPerMinute)];
            if (minute.Last == i)
            {
                minutesKept++;
                kept.Add(minute.Readings == 1 || !increases.Contains(series)
                    ? record
                    : record with { Value = minute.Valued == 0 ? double.NaN : minute.Sum });
            }
        }

        var example = fast.Select(static s => s.Name).Order(StringComparer.Ordinal).First();
        return (kept, new Outcome(fast.Count, read, minutesKept, example));
    }
}
