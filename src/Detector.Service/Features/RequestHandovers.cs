using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Where a request passed from one service to the next, as its log lines tell: each service's first line in a request
/// (the lines sharing a trace id, in time order), with the line before it, most often its caller's, written just before
/// the call. What <see cref="LogCallEdges"/> and the log hand-over times read where there are no spans.
/// </summary>
internal static class RequestHandovers
{
    /// <summary>
    /// (the line before, the line) for each log line among rows <paramref name="start"/> to <paramref name="start"/> +
    /// <paramref name="count"/> that is its service's first in its request and has a line of the request before it; the
    /// rows before <paramref name="start"/> (context) supply lines before but are not listed.
    /// </summary>
    /// <param name="untracedOnly">Only the requests no span of the input belongs to (traces dropped by sampling, whose log lines kept their id).</param>
    public static List<(int Before, int Row)> Of(TelemetryColumns columns, int start, int count, bool untracedOnly = false)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var kinds = columns.Kinds;
        var traces = columns.TraceIdIds;
        var ticks = columns.Ticks;
        var services = columns.ServiceIds;
        var traced = new HashSet<int>();
        if (untracedOnly)
        {
            for (var row = 0; row < columns.Count; row++)
            {
                if (kinds[row] == (byte)TelemetryKind.Span && traces[row] != StringTable.Missing)
                {
                    traced.Add(traces[row]);
                }
            }
        }

        var lines = new List<(int Trace, long Tick, int Row)>();
        for (var row = 0; row < start + count; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Log && traces[row] != StringTable.Missing && !traced.Contains(traces[row]))
            {
                lines.Add((traces[row], ticks[row], row));
            }
        }

        // By trace, then time, then row: each request's lines in the order written.
        lines.Sort();
        var handovers = new List<(int Before, int Row)>();
        var seen = new HashSet<int>();
        for (var k = 0; k < lines.Count; k++)
        {
            var row = lines[k].Row;
            if (k == 0 || lines[k - 1].Trace != lines[k].Trace)
            {
                seen.Clear();
                seen.Add(services[row]);
                continue;
            }

            if (seen.Add(services[row]) && row >= start)
            {
                handovers.Add((lines[k - 1].Row, row));
            }
        }

        return handovers;
    }
}
