using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Five requests a second apart: the gateway's span of 30 ms, calling cart 5 ms in for 10 ms.</summary>
internal static class CallPairs
{
    public static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The requests' spans in time order, each stamped at its end where <paramref name="atEnd"/>, durations divided by <paramref name="per"/>.</summary>
    public static List<TelemetryRecord> Requests(bool atEnd = false, double per = 1)
    {
        var records = new List<TelemetryRecord>();
        for (var i = 0; i < 5; i++)
        {
            var trace = $"{i + 1:x32}";
            // A millisecond in: stamps of whole seconds would read as stamped to the second.
            var at = Start.AddSeconds(i).AddMilliseconds(1);
            records.Add(new(0, atEnd ? at.AddMilliseconds(30) : at, TelemetryKind.Span, "gateway", "gateway-1", "GET /cart", 30 / per, TraceId: trace, SpanId: $"{(2 * i) + 1:x16}"));
            records.Add(new(0, at.AddMilliseconds(atEnd ? 15 : 5), TelemetryKind.Span, "cart", "cart-1", "GetCart", 10 / per, TraceId: trace, SpanId: $"{(2 * i) + 2:x16}", ParentSpanId: $"{(2 * i) + 1:x16}"));
        }

        return [.. records.OrderBy(static r => r.Timestamp)];
    }
}
