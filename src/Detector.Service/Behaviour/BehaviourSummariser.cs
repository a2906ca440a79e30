using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Behaviour;

/// <summary>
/// Counts, per service, log template and minute, the log lines of a segment: the behaviour the root-cause stage
/// compares an incident's minutes with the rest of the run on.
/// </summary>
public static class BehaviourSummariser
{
    public static List<BehaviourCount> Summarise(IReadOnlyList<TelemetryRecord> records, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(records);
        var cells = new Dictionary<(string Service, string Template, long Minute), int>();
        // Lines repeat; their templates are mined once per segment.
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = start; i < start + count; i++)
        {
            var record = records[i];
            if (record.Kind != TelemetryKind.Log)
            {
                continue;
            }

            var text = string.IsNullOrEmpty(record.Message) ? record.Name : record.Message;
            if (!templates.TryGetValue(text, out var template))
            {
                template = LogTemplate.Of(text);
                templates[text] = template;
            }

            var key = (record.Service, template, record.Timestamp.Ticks / TimeSpan.TicksPerMinute);
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }

        var counts = new List<BehaviourCount>(cells.Count);
        foreach (var ((service, template, minute), n) in cells)
        {
            counts.Add(new BehaviourCount(service, template, new DateTime(minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc), n));
        }

        counts.Sort(static (a, b) =>
        {
            var byMinute = a.Minute.CompareTo(b.Minute);
            if (byMinute != 0)
            {
                return byMinute;
            }

            var byService = string.CompareOrdinal(a.Service, b.Service);
            return byService != 0 ? byService : string.CompareOrdinal(a.Template, b.Template);
        });
        return counts;
    }
}
