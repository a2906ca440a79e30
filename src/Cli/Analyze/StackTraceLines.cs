using System.Text;
using System.Text.RegularExpressions;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A stack trace sent a line at a time, read as part of the line that logged it. A log shipper without a multiline
/// rule (Fluent Bit's default, the awslogs driver without <c>awslogs-multiline-pattern</c>) sends each line of a Java or
/// Python stack trace as a log line of its own: a frame (<c>\tat com.example.Cart.get(Cart.java:42)</c>), the exception
/// (<c>java.lang.IllegalStateException: ...</c>), <c>Caused by: ...</c>, <c>... 42 more</c>, <c>Traceback (most recent
/// call last):</c>, <c>  File "cart.py", line 3</c>; .NET's and Node.js's alike. Each such line, without a level or a trace of its own, would be
/// a line at INFO of a kind the service writes only when it fails, dozens to an exception: every failure a surge of
/// new lines, and the service's usual lines a smaller share of what it wrote. A line that is one of these and follows
/// a line of the same pod by at most a second (a trace is written at once) is appended to that line's message, as the
/// shipper's multiline rule would have done.
/// </summary>
internal static partial class StackTraceLines
{
    /// <summary>The longest a stack trace's lines are apart from the line before them.</summary>
    private static readonly TimeSpan Together = TimeSpan.FromSeconds(1);

    /// <param name="Lines">Lines read as part of the line before them.</param>
    /// <param name="Traces">Lines they were appended to.</param>
    public sealed record Outcome(long Lines, long Traces)
    {
        public static Outcome None { get; } = new(0, 0);
    }

    /// <summary>The records (in time order) with each stack trace's lines appended to the line that logged it.</summary>
    public static (List<TelemetryRecord> Records, Outcome Outcome) Fold(List<TelemetryRecord> records)
    {
        if (!records.Exists(static r => r.Kind == TelemetryKind.Log && IsTraceLine(r)))
        {
            return (records, Outcome.None);
        }

        var folded = new List<TelemetryRecord>(records.Count);
        // Per pod, its last line: where it is among the records kept, when it was written, and what follows it.
        var last = new Dictionary<(string Service, string Instance), (int At, DateTime Time, StringBuilder? Trace)>();
        long lines = 0, traces = 0;
        foreach (var record in records)
        {
            if (record.Kind != TelemetryKind.Log)
            {
                folded.Add(record);
                continue;
            }

            var pod = (record.Service, record.Instance);
            if (last.TryGetValue(pod, out var before) && record.Timestamp - before.Time <= Together && record.TraceId is null
                && (IsTraceLine(record) || (before.Trace is not null && record.Message is { } text && Indented().IsMatch(text))))
            {
                traces += before.Trace is null ? 1 : 0;
                var trace = before.Trace ?? new StringBuilder();
                trace.Append('\n').Append(record.Message);
                last[pod] = (before.At, record.Timestamp, trace);
                lines++;
                continue;
            }

            Close(folded, before);
            last[pod] = (folded.Count, record.Timestamp, null);
            folded.Add(record);
        }

        foreach (var open in last.Values)
        {
            Close(folded, open);
        }

        return (folded, new Outcome(lines, traces));
    }

    /// <summary>Appends a pod's last line's trace, if it has one, to that line.</summary>
    private static void Close(List<TelemetryRecord> folded, (int At, DateTime Time, StringBuilder? Trace) line)
    {
        if (line.Trace is { } trace)
        {
            folded[line.At] = folded[line.At] with { Message = folded[line.At].Message + trace };
        }
    }

    private static bool IsTraceLine(TelemetryRecord log) => log.Message is { Length: > 0 } text && TraceLine().IsMatch(text);

    /// <summary>
    /// A Java, .NET or Node.js frame (<c>at ...</c> indented, or a Java frame whose indent was trimmed), <c>... N more</c> or <c>... N common frames omitted</c>,
    /// <c>Caused by:</c> or <c>Suppressed:</c>, .NET's <c>---&gt;</c> and <c>--- End of stack trace ...</c>, an
    /// exception's or error's class name starting its line (with its package, or Python's bare one and its message),
    /// Python's traceback header and its <c>File "...", line N</c>.
    /// </summary>
    [GeneratedRegex(
        @"^(?:\s+at\s|at\s+[\w$.<>/]+\(.*\)\s*$|\s*\.\.\. \d+ (?:more|common frames omitted)|\s*(?:Caused by|Suppressed): |\s*--->\s|\s*--- End of (?:inner exception )?stack trace|(?:[a-zA-Z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable)\b(?::|$)|[A-Z]\w*(?:Exception|Error): |Traceback \(most recent call last\):|\s+File "".*"", line \d+)",
        RegexOptions.CultureInvariant)]
    private static partial Regex TraceLine();

    /// <summary>An indented line (Python's source line under its <c>File</c> line): part of a trace only once one has begun.</summary>
    [GeneratedRegex(@"^(?:\t|\s{4,})\S", RegexOptions.CultureInvariant)]
    private static partial Regex Indented();
}
