using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Behaviour;

/// <summary>
/// Counts, per caller service, callee service, minute and time bucket, how long each call between two services spent
/// outside the callee's span: the caller's client span's duration less the callee's span under it, which is the
/// network both ways plus any wait before the callee started. A delay on a service's network adds to every call into
/// (and out of) that service while the spans' own durations, measured on either side, need not move. Reads the
/// detector's columns and trace links; only the segment's own callee spans count.
/// <para>
/// The schema carries no span kind, so a client span is told by its operation: one whose every span in the segment
/// that has children has exactly one, in another service (an HTTP or RPC client's span). A server span that calls
/// several services is not one, even where lost spans leave it a single child: its time outside that child is its own
/// work, and counting it would turn a loss of spans into a delay.
/// </para>
/// </summary>
internal static class CallTransitSummariser
{
    /// <summary>Buckets per doubling of the time: a quarter of an octave, 19 % wide.</summary>
    private const int BucketsPerOctave = 4;

    /// <summary>The smallest time told apart, in milliseconds (a microsecond): shorter, or negative from clock rounding, is bucket 0.</summary>
    private const double ResolutionMs = 0.001;

    public static List<CallTransitCount> Summarise(TelemetryColumns columns, TraceLinks links, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(links);
        var kinds = columns.Kinds;
        var services = columns.ServiceIds;
        var durations = columns.Values;
        var ticks = columns.Ticks;
        var names = columns.NameIds;
        // A client operation's spans have one child each, in another service: a second child, or one in the same
        // service, rules the operation out for the whole segment.
        var children = new int[columns.Count];
        var notClient = new HashSet<(int Service, int Name)>();
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Span && links.ParentRowOf(row) is var parent and >= 0 && !links.IsRepeatedSpan(row))
            {
                if (++children[parent] > 1 || services[parent] == services[row])
                {
                    notClient.Add((services[parent], names[parent]));
                }
            }
        }

        var cells = new Dictionary<(int From, int To, long Minute, int Bucket), int>();
        for (var row = start; row < start + count; row++)
        {
            if (kinds[row] != (byte)TelemetryKind.Span || links.IsRepeatedSpan(row)
                || links.ParentRowOf(row) is not (var parent and >= 0) || notClient.Contains((services[parent], names[parent])))
            {
                continue;
            }

            var transit = durations[parent] - durations[row];
            if (!double.IsFinite(transit))
            {
                continue;
            }

            var key = (services[parent], services[row], ticks[row] / TimeSpan.TicksPerMinute, BucketOf(transit));
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }

        return Counts(columns, cells);
    }

    /// <summary>Per-minute counts of (from-service, to-service, minute, bucket) cells, by minute, then services, then time.</summary>
    internal static List<CallTransitCount> Counts(TelemetryColumns columns, Dictionary<(int From, int To, long Minute, int Bucket), int> cells)
    {
        var list = new List<CallTransitCount>(cells.Count);
        foreach (var ((from, to, minute, bucket), n) in cells)
        {
            list.Add(new CallTransitCount(
                columns.Services[from], columns.Services[to], new DateTime(minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc), LowerBoundMs(bucket), n));
        }

        list.Sort(static (a, b) =>
        {
            var order = a.Minute.CompareTo(b.Minute);
            order = order != 0 ? order : string.CompareOrdinal(a.CallerService, b.CallerService);
            order = order != 0 ? order : string.CompareOrdinal(a.CalleeService, b.CalleeService);
            return order != 0 ? order : a.TransitMs.CompareTo(b.TransitMs);
        });
        return list;
    }

    /// <summary>0 up to the resolution, then 1 + the quarter-octaves above it.</summary>
    internal static int BucketOf(double transitMs) =>
        transitMs <= ResolutionMs ? 0 : 1 + (int)Math.Floor(BucketsPerOctave * Math.Log2(transitMs / ResolutionMs));

    internal static double LowerBoundMs(int bucket) =>
        bucket == 0 ? 0 : ResolutionMs * Math.Pow(2, (bucket - 1) / (double)BucketsPerOctave);
}
