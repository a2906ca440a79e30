using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// For log lines that belong to a request (they carry its trace id): how the calls their service made in that request
/// ended, and where the request's failure began. A routine failure at a leaf service is logged again at every caller on
/// its way up, within milliseconds; counted line by line it looks like a burst at every hop. Following the request's
/// failed calls down from the line's own spans finds the service where the failure began (its <see cref="OriginOf"/>),
/// so a failed request can be counted once, where it began, and a caller's line can be read as that service's symptom.
/// A line whose request's calls to a callee all succeeded cannot be that callee's symptom (<see cref="Contradicts"/>).
/// Lines without a trace, and requests whose failed call left no callee span (a refused connection), tell nothing.
/// </summary>
/// <remarks>
/// A line's own spans are the span it names, or, for a line that carries a trace id but no span id, the spans of its
/// trace at its own service.
/// </remarks>
internal sealed class CallOutcomes
{
    /// <summary>Calls followed down at most, so that a malformed trace with a cycle of parent ids cannot loop.</summary>
    private const int MaxDepth = 64;

    private readonly Dictionary<int, int[]> _spansOfLine;
    private readonly Dictionary<(int Span, int Callee), bool> _anyFailed;
    private readonly Dictionary<int, int> _failedCall;
    private readonly TelemetryColumns _columns;

    private CallOutcomes(TelemetryColumns columns, Dictionary<int, int[]> spansOfLine, Dictionary<(int Span, int Callee), bool> anyFailed, Dictionary<int, int> failedCall)
    {
        _columns = columns;
        _spansOfLine = spansOfLine;
        _anyFailed = anyFailed;
        _failedCall = failedCall;
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

        var anyFailed = new Dictionary<(int Span, int Callee), bool>();
        var failedCall = new Dictionary<int, int>();
        if (spansOfLine.Count == 0 && unnamed.Count == 0)
        {
            return new CallOutcomes(columns, spansOfLine, anyFailed, failedCall);
        }

        // One pass over the spans: a span is a line's own span when a line names it or when it is at the service of a
        // line that carries its trace but no span id.
        var named = new HashSet<int>(spansOfLine.Values.Select(static spans => spans[0]));
        var statuses = columns.Statuses;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] != (byte)TelemetryKind.Span)
            {
                continue;
            }

            if (unnamed.TryGetValue((traces[row], services[row]), out var spans))
            {
                spans.Add(row);
            }

            if (links.ParentRowOf(row) is not (var parent and >= 0) || services[parent] == services[row])
            {
                continue;
            }

            var failed = statuses[row] == (byte)SpanStatus.Error;
            // A failed call to another service: the first one recorded under each span is the one followed down.
            if (failed)
            {
                failedCall.TryAdd(parent, row);
            }

            if (named.Contains(parent) || unnamed.ContainsKey((traces[parent], services[parent])))
            {
                var key = (parent, services[row]);
                anyFailed[key] = anyFailed.GetValueOrDefault(key) || failed;
            }
        }

        foreach (var row in rows)
        {
            if (!spansOfLine.ContainsKey(row) && unnamed.TryGetValue((traces[row], services[row]), out var spans) && spans.Count > 0)
            {
                spansOfLine[row] = [.. spans];
            }
        }

        return new CallOutcomes(columns, spansOfLine, anyFailed, failedCall);
    }

    /// <summary>
    /// The service where the failure of the line's request began: the failed calls followed down from the line's own
    /// spans to the last one; -1 when none of its spans' calls failed (the failure began at the line's own service) or
    /// the line belongs to no known request.
    /// </summary>
    public int OriginOf(int row)
    {
        if (!_spansOfLine.TryGetValue(row, out var spans))
        {
            return -1;
        }

        foreach (var span in spans)
        {
            var at = span;
            for (var depth = 0; depth < MaxDepth && _failedCall.TryGetValue(at, out var callee); depth++)
            {
                at = callee;
            }

            if (at != span)
            {
                return _columns.ServiceIds[at];
            }
        }

        return -1;
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
