using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A span sent twice, read once. An exporter that retries a batch the backend had already taken sends it again
/// (at-least-once delivery), and the copy is the same span: the same trace and span id, service, instance, operation,
/// start, duration and status. A span id names one span of its trace, so two alike in all of these are one; counted
/// twice, a request would call twice and every slow span weigh double. Spans of a trace that differ in any of them
/// (Zipkin's client and server halves of one id) stay.
/// </summary>
internal static class RepeatedSpans
{
    /// <summary>The records (in time order) with each span that repeats one before it left out, and how many were.</summary>
    public static (List<TelemetryRecord> Records, long LeftOut) LeaveOut(List<TelemetryRecord> records)
    {
        // In time order a copy has its span's start: only the spans of one instant are compared, by their ids first.
        var instant = new Dictionary<(string? Trace, string Span), List<TelemetryRecord>>();
        var at = DateTime.MinValue;
        List<TelemetryRecord>? kept = null;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Timestamp != at)
            {
                at = record.Timestamp;
                instant.Clear();
            }

            var repeated = false;
            if (record is { Kind: TelemetryKind.Span, SpanId: { } span })
            {
                if (!instant.TryGetValue((record.TraceId, span), out var same))
                {
                    instant[(record.TraceId, span)] = [record];
                }
                else if (same.Exists(earlier => earlier with { RecordId = record.RecordId } == record))
                {
                    repeated = true;
                }
                else
                {
                    same.Add(record);
                }
            }

            if (repeated && kept is null)
            {
                kept = records.GetRange(0, i);
            }

            if (!repeated)
            {
                kept?.Add(record);
            }
        }

        return kept is null ? (records, 0) : (kept, records.Count - kept.Count);
    }
}
