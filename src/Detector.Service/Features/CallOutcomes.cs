using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// For log lines that belong to a request (they carry its trace id): how the calls their service made to each callee
/// service in that request ended. A caller's ERROR line can be the symptom of a dependency's burst only if its own
/// request called that dependency and the call failed; when the request's calls to it are on record and all of them
/// succeeded, the trace says the line's failure had another cause (a routine failure elsewhere in the request, a fault
/// of the caller's own). Where the request made no recorded call to it (a refused connection leaves no callee span) or
/// the line carries no trace, nothing is known and nothing is contradicted.
/// </summary>
/// <remarks>
/// A line's own spans are the span it names, or, for a line that carries a trace id but no span id, the spans of its
/// trace at its own service.
/// </remarks>
internal sealed class CallOutcomes
{
    private readonly Dictionary<int, int[]> _spansOfLine;
    private readonly Dictionary<(int Span, int Callee), bool> _anyFailed;

    private CallOutcomes(Dictionary<int, int[]> spansOfLine, Dictionary<(int Span, int Callee), bool> anyFailed)
    {
        _spansOfLine = spansOfLine;
        _anyFailed = anyFailed;
    }

    /// <summary>Collects the outcomes of the calls made in the requests of the log lines at <paramref name="rows"/>.</summary>
    public static CallOutcomes Of(TelemetryColumns columns, TraceLinks links, ReadOnlySpan<int> rows)
    {
        var kinds = columns.Kinds;
        var services = columns.ServiceIds;
        var traces = columns.TraceIdIds;
        var spansOfLine = new Dictionary<int, int[]>();
        var unnamed = new Dictionary<(int Trace, int Service), List<int>>();
        foreach (var row in rows)
        {
            if (links.SpanRowOfLog(row) is var span and >= 0)
            {
                spansOfLine[row] = [span];
            }
            else if (kinds[row] == (byte)TelemetryKind.Log && traces[row] != StringTable.Missing)
            {
                unnamed.TryAdd((traces[row], services[row]), []);
            }
        }

        if (unnamed.Count > 0)
        {
            for (var row = 0; row < columns.Count; row++)
            {
                if (kinds[row] == (byte)TelemetryKind.Span && unnamed.TryGetValue((traces[row], services[row]), out var spans))
                {
                    spans.Add(row);
                }
            }

            foreach (var row in rows)
            {
                if (!spansOfLine.ContainsKey(row) && unnamed.TryGetValue((traces[row], services[row]), out var spans) && spans.Count > 0)
                {
                    spansOfLine[row] = [.. spans];
                }
            }
        }

        var callers = new HashSet<int>();
        foreach (var spans in spansOfLine.Values)
        {
            callers.UnionWith(spans);
        }

        var anyFailed = new Dictionary<(int Span, int Callee), bool>();
        if (callers.Count > 0)
        {
            var statuses = columns.Statuses;
            for (var row = 0; row < columns.Count; row++)
            {
                if (kinds[row] == (byte)TelemetryKind.Span && links.ParentRowOf(row) is var parent and >= 0
                    && callers.Contains(parent) && services[parent] != services[row])
                {
                    var key = (parent, services[row]);
                    anyFailed[key] = anyFailed.GetValueOrDefault(key) || statuses[row] == (byte)SpanStatus.Error;
                }
            }
        }

        return new CallOutcomes(spansOfLine, anyFailed);
    }

    /// <summary>
    /// True when the request of the line at <paramref name="row"/> called <paramref name="callee"/> from the line's
    /// service and every such call succeeded.
    /// </summary>
    public bool Contradicts(int row, int callee)
    {
        if (!_spansOfLine.TryGetValue(row, out var spans))
        {
            return false;
        }

        var called = false;
        foreach (var span in spans)
        {
            if (_anyFailed.TryGetValue((span, callee), out var failed))
            {
                if (failed)
                {
                    return false;
                }

                called = true;
            }
        }

        return called;
    }
}
