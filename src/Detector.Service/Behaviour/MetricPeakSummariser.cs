using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Behaviour;

/// <summary>
/// The highest reading per service, metric and minute of a segment's own metric records (over the service's
/// instances): enough for the root-cause stage to see a metric go beyond anything the run showed elsewhere, without
/// sending every reading.
/// </summary>
public static class MetricPeakSummariser
{
    public static List<MetricPeak> Summarise(IReadOnlyList<TelemetryRecord> records, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(records);
        var peaks = new Dictionary<(string Service, string Name, long Minute), double>();
        for (var i = start; i < start + count; i++)
        {
            var record = records[i];
            if (record.Kind != TelemetryKind.Metric || !double.IsFinite(record.Value))
            {
                continue;
            }

            var key = (record.Service, record.Name, record.Timestamp.Ticks / TimeSpan.TicksPerMinute);
            peaks[key] = peaks.TryGetValue(key, out var peak) ? Math.Max(peak, record.Value) : record.Value;
        }

        var list = new List<MetricPeak>(peaks.Count);
        foreach (var ((service, name, minute), max) in peaks)
        {
            list.Add(new MetricPeak(service, name, new DateTime(minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc), max));
        }

        list.Sort(static (a, b) =>
        {
            var byMinute = a.Minute.CompareTo(b.Minute);
            if (byMinute != 0)
            {
                return byMinute;
            }

            var byService = string.CompareOrdinal(a.Service, b.Service);
            return byService != 0 ? byService : string.CompareOrdinal(a.Name, b.Name);
        });
        return list;
    }
}
