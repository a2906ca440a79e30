using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Joins log lines to the request that wrote them where the input lost the link. A log pipeline that ships lines as
/// text (a file tailer, a log group exported as CSV) keeps the trace and span ids only where the application's log
/// pattern printed them into the line ("TraceID: 6f3c... SpanID: 576f...", Spring's "[app,6f3c...,576f...]", X-Ray's
/// "Root=1-5759e988-bd86..." in its W3C spelling, <see cref="XRayTraceIds"/>), and some
/// exporters keep the trace id but not the span id. What a request did (which lines it wrote, at which level) is how
/// code-level faults show, so a line is given back the ids its text names (a line left with a trace but no span the
/// detector puts in its service's span of that trace: <c>TraceLinks</c>). Only ids of spans the input holds are taken:
/// a number that looks like an id but names no span is left alone.
/// </summary>
internal static class LogRequestIds
{
    /// <summary>The shortest token read as an id: 64-bit ids are 16 hex digits, and shorter tokens are words and numbers.</summary>
    private const int MinIdLength = 16;

    /// <summary>
    /// How many log lines got their trace id from their text, and how many are left with a trace but no span id where
    /// the trace has spans at the line's service (the detector puts those in one of them).
    /// </summary>
    public readonly record struct Outcome(long TraceIdsFromText, long WithoutSpan)
    {
        public static Outcome None => default;
    }

    /// <summary>Returns <paramref name="records"/>, with log lines' missing ids filled in where they can be told.</summary>
    public static (List<TelemetryRecord> Records, Outcome Outcome) Recover(List<TelemetryRecord> records)
    {
        if (!records.Exists(static r => r is { Kind: TelemetryKind.Log, SpanId: null or "" }))
        {
            return (records, Outcome.None);
        }

        var spans = SpansByTrace(records);
        if (spans.Count == 0)
        {
            return (records, Outcome.None);
        }

        var traceLookup = spans.GetAlternateLookup<ReadOnlySpan<char>>();
        long fromText = 0, withoutSpan = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record is not { Kind: TelemetryKind.Log, SpanId: null or "" })
            {
                continue;
            }

            var trace = record.TraceId;
            List<(string SpanId, string Service)>? traceSpans = null;
            if (string.IsNullOrEmpty(trace))
            {
                trace = null;
                // The first token that is a trace of the input's: a line names its own request before others.
                foreach (var token in Tokens(record.Message))
                {
                    if (traceLookup.TryGetValue(token.Span, out var key, out traceSpans))
                    {
                        trace = key;
                        break;
                    }

                    if (XRayTraceIds.ToW3C(token.Span) is { } w3c && spans.TryGetValue(w3c, out traceSpans))
                    {
                        trace = w3c;
                        break;
                    }
                }

                if (trace is null)
                {
                    continue;
                }

                fromText++;
            }
            else if (!spans.TryGetValue(trace, out traceSpans))
            {
                continue;
            }

            var span = SpanNamed(record.Message, traceSpans!);
            withoutSpan += span is null && traceSpans!.Exists(s => string.Equals(s.Service, record.Service, StringComparison.Ordinal)) ? 1 : 0;
            // A record is replaced only where it gained an id (a trace from its text, or a span).
            if (span is not null || !ReferenceEquals(trace, record.TraceId))
            {
                records[i] = record with { TraceId = trace, SpanId = span ?? record.SpanId };
            }
        }

        return (records, new Outcome(fromText, withoutSpan));
    }

    private static Dictionary<string, List<(string SpanId, string Service)>> SpansByTrace(List<TelemetryRecord> records)
    {
        var byTrace = new Dictionary<string, List<(string SpanId, string Service)>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record is { Kind: TelemetryKind.Span, TraceId: { Length: > 0 } trace, SpanId: { Length: > 0 } span })
            {
                if (!byTrace.TryGetValue(trace, out var list))
                {
                    byTrace[trace] = list = [];
                }

                list.Add((span, record.Service));
            }
        }

        return byTrace;
    }

    /// <summary>The span of the trace whose id the message names, if it names one.</summary>
    private static string? SpanNamed(string? message, List<(string SpanId, string Service)> spans)
    {
        foreach (var token in Tokens(message))
        {
            foreach (var span in spans)
            {
                if (token.Span.SequenceEqual(span.SpanId))
                {
                    return span.SpanId;
                }
            }
        }

        return null;
    }

    /// <summary>The message's runs of letters, digits and dashes at least <see cref="MinIdLength"/> long.</summary>
    private static IEnumerable<ReadOnlyMemory<char>> Tokens(string? message)
    {
        if (message is null)
        {
            yield break;
        }

        var start = -1;
        for (var i = 0; i <= message.Length; i++)
        {
            var inToken = i < message.Length && (char.IsAsciiLetterOrDigit(message[i]) || message[i] == '-');
            if (inToken && start < 0)
            {
                start = i;
            }
            else if (!inToken && start >= 0)
            {
                if (i - start >= MinIdLength)
                {
                    yield return message.AsMemory(start, i - start);
                }

                start = -1;
            }
        }
    }
}
