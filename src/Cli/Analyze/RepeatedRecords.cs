using System.Runtime.InteropServices;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A record sent twice, read once. Delivery is at least once along most telemetry paths: an exporter that retries a
/// batch the backend had already taken sends it again, a Prometheus pair run for high availability writes the same
/// scrape twice, EventBridge delivers an event more than once. The copy is the same record at the same instant:
/// <list type="bullet">
/// <item>a span with the same trace and span id, service, instance, operation, start, duration and status (a span id
/// names one span of its trace; counted twice, a request would call twice and every slow span weigh double; spans of
/// an id that differ in any of these, Zipkin's client and server halves, stay);</item>
/// <item>a metric reading of the same series (service, instance, name) with the same value (a series has one value at
/// an instant; counted twice, every minute of it holds twice the readings, and a series read twice judges its own
/// copy);</item>
/// <item>a log line of a request (with its trace id) alike in every field: a log shipper that retries a batch (Fluent
/// Bit, the CloudWatch agent: at least once) sends its lines again, and one request does not write one line twice in
/// the same instant;</item>
/// <item>an event alike in every field.</item>
/// </list>
/// Log lines without a trace id stay: two requests may write the same line in the same millisecond.
/// </summary>
internal static class RepeatedRecords
{
    /// <param name="Spans">Spans left out as copies.</param>
    /// <param name="Readings">Metric readings left out as copies.</param>
    /// <param name="Events">Events left out as copies.</param>
    /// <param name="Lines">Log lines left out as copies.</param>
    internal sealed record Outcome(long Spans, long Readings, long Events, long Lines)
    {
        public static Outcome None { get; } = new(0, 0, 0, 0);
    }

    /// <summary>The records (in time order) with each that repeats one before it left out, and how many were, per kind.</summary>
    public static (List<TelemetryRecord> Records, Outcome LeftOut) LeaveOut(List<TelemetryRecord> records)
    {
        // In time order a copy has its original's instant: only the records of one instant are compared, by their key first.
        var instant = new Dictionary<(TelemetryKind, string?, string), Seen>();
        var at = DateTime.MinValue;
        List<TelemetryRecord>? kept = null;
        var leftOut = new Dictionary<TelemetryKind, long>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Timestamp != at)
            {
                at = record.Timestamp;
                instant.Clear();
            }

            var repeated = Key(record) is { } key && Repeats(instant, key, record);
            if (repeated)
            {
                kept ??= records.GetRange(0, i);
                leftOut[record.Kind] = leftOut.GetValueOrDefault(record.Kind) + 1;
            }
            else
            {
                kept?.Add(record);
            }
        }

        return kept is null
            ? (records, Outcome.None)
            : (kept, new Outcome(
                leftOut.GetValueOrDefault(TelemetryKind.Span),
                leftOut.GetValueOrDefault(TelemetryKind.Metric),
                leftOut.GetValueOrDefault(TelemetryKind.Event),
                leftOut.GetValueOrDefault(TelemetryKind.Log)));
    }

    /// <summary>What a copy shares with its original besides the instant; null for a record never read as a copy.</summary>
    private static (TelemetryKind, string?, string)? Key(TelemetryRecord record) => record switch
    {
        { Kind: TelemetryKind.Span, SpanId: { } span } => (TelemetryKind.Span, record.TraceId, span),
        { Kind: TelemetryKind.Metric } => (TelemetryKind.Metric, record.Instance, record.Name),
        { Kind: TelemetryKind.Event } => (TelemetryKind.Event, record.Service, record.Name),
        { Kind: TelemetryKind.Log, TraceId: { } trace } => (TelemetryKind.Log, trace, record.SpanId ?? string.Empty),
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="record"/> repeats a record of the instant with its key, noting it where it does not. Most
    /// keys are seen once an instant, so the first record is kept as it is and a list made only where a key repeats.
    /// </summary>
    private static bool Repeats(Dictionary<(TelemetryKind, string?, string), Seen> instant, (TelemetryKind, string?, string) key, TelemetryRecord record)
    {
        ref var seen = ref CollectionsMarshal.GetValueRefOrAddDefault(instant, key, out var known);
        if (!known)
        {
            seen = new Seen(record);
            return false;
        }

        if (IsCopy(seen.First, record) || (seen.Others?.Exists(earlier => IsCopy(earlier, record)) ?? false))
        {
            return true;
        }

        (seen.Others ??= []).Add(record);
        return false;
    }

    private static bool IsCopy(TelemetryRecord earlier, TelemetryRecord record) => earlier with { RecordId = record.RecordId } == record;

    /// <summary>The records of one instant with one key: the first, and any others that differ from it.</summary>
    private struct Seen(TelemetryRecord first)
    {
        public TelemetryRecord First { get; } = first;

        public List<TelemetryRecord>? Others { get; set; }
    }
}
