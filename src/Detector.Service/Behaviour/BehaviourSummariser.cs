using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Behaviour;

/// <summary>
/// Counts, per service, span operation or log template, and minute, the records of a segment: the behaviour the
/// root-cause stage compares an incident's minutes with the rest of the run on. Spans also sum ln(1 + duration), so the
/// typical latency of an operation per minute can be read back without keeping spans.
/// </summary>
public static class BehaviourSummariser
{
    private const string SpanPrefix = "span:";
    private const string LogPrefix = "log:";

    public static List<BehaviourCount> Summarise(IReadOnlyList<TelemetryRecord> records, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(records);
        var cells = new Dictionary<(string Service, string Signal, long Minute), (int Count, double Sum)>();
        // Lines repeat; their templates are mined once per segment.
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        var spanSignals = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = start; i < start + count; i++)
        {
            var record = records[i];
            string signal;
            var value = 0.0;
            if (record.Kind == TelemetryKind.Span)
            {
                if (!spanSignals.TryGetValue(record.Name, out signal!))
                {
                    signal = SpanPrefix + record.Name;
                    spanSignals[record.Name] = signal;
                }

                value = Math.Log(1 + Math.Max(0, double.IsFinite(record.Value) ? record.Value : 0));
            }
            else if (record.Kind == TelemetryKind.Log)
            {
                var text = string.IsNullOrEmpty(record.Message) ? record.Name : record.Message;
                if (!templates.TryGetValue(text, out signal!))
                {
                    signal = LogPrefix + LogTemplate.Of(text);
                    templates[text] = signal;
                }
            }
            else
            {
                continue;
            }

            var minute = record.Timestamp.Ticks / TimeSpan.TicksPerMinute;
            var key = (record.Service, signal, minute);
            var cell = cells.GetValueOrDefault(key);
            cells[key] = (cell.Count + 1, cell.Sum + value);
        }

        var counts = new List<BehaviourCount>(cells.Count);
        foreach (var ((service, signal, minute), (n, sum)) in cells)
        {
            counts.Add(new BehaviourCount(service, signal, new DateTime(minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc), n, sum));
        }

        counts.Sort(static (a, b) =>
        {
            var byMinute = a.Minute.CompareTo(b.Minute);
            if (byMinute != 0)
            {
                return byMinute;
            }

            var byService = string.CompareOrdinal(a.Service, b.Service);
            return byService != 0 ? byService : string.CompareOrdinal(a.Signal, b.Signal);
        });
        return counts;
    }
}
