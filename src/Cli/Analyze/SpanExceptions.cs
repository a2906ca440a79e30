using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Exceptions recorded on spans (OTLP's and Tempo's <c>exception</c> span events, Jaeger's span logs, Zipkin's
/// annotations, X-Ray's <c>cause</c>), gathered across an input's files and read as ERROR log lines of their span once
/// all is read, for the services whose own log lines the input does not hold. A system that sends only its traces
/// still shows its exceptions in its services' log patterns, as the log lines of a system that sends them would; where
/// a service's log lines are given, they tell of its exceptions (a logger writes the exception an instrumentation
/// records on its span), and reading both would count each exception twice.
/// </summary>
internal sealed class SpanExceptions
{
    /// <summary>What the log lines of exceptions are named, as OpenTelemetry names the span event.</summary>
    public const string LogName = "exception";

    private readonly List<TelemetryRecord> _lines = [];

    public int Count => _lines.Count;

    /// <summary>An exception recorded on a span, as the ERROR log line it is read as: <c>type: message</c>, the message's first line.</summary>
    public static TelemetryRecord LogLine(
        DateTime time, string service, string instance, string? traceId, string? spanId, string? type, string? message, StringPool strings)
    {
        var firstLine = message is null ? null : FirstLine(message);
        var text = (type, firstLine) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{type}: {firstLine}",
            ({ Length: > 0 }, _) => type,
            (_, { Length: > 0 }) => firstLine,
            _ => "exception",
        };
        return new TelemetryRecord(
            -1, time, TelemetryKind.Log, service, instance, strings.Get(LogName), 0, Level: LogLevel.Error,
            TraceId: traceId, SpanId: spanId, Message: text);
    }

    public void Add(TelemetryRecord line) => _lines.Add(line);

    public void AddRange(List<TelemetryRecord> lines) => _lines.AddRange(lines);

    /// <summary>Adds the log lines of the exceptions at services with no log line in <paramref name="records"/>, and forgets them all.</summary>
    public Outcome Settle(List<TelemetryRecord> records)
    {
        if (_lines.Count == 0)
        {
            return Outcome.None;
        }

        var logged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Kind == TelemetryKind.Log)
            {
                logged.Add(record.Service);
            }
        }

        var read = new SortedSet<string>(StringComparer.Ordinal);
        var leftTo = new SortedSet<string>(StringComparer.Ordinal);
        long readLines = 0, leftToLogs = 0;
        // A span's exception is recorded once: the same line again came from the span read twice (files that overlap in time).
        var seen = new HashSet<TelemetryRecord>();
        foreach (var line in _lines)
        {
            if (!seen.Add(line))
            {
                continue;
            }

            if (logged.Contains(line.Service))
            {
                leftTo.Add(line.Service);
                leftToLogs++;
                continue;
            }

            records.Add(line);
            read.Add(line.Service);
            readLines++;
        }

        var outcome = new Outcome(readLines, [.. read], leftToLogs, [.. leftTo]);
        _lines.Clear();
        return outcome;
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.AsSpan().Trim();
        var end = trimmed.IndexOfAny('\r', '\n');
        return (end < 0 ? trimmed : trimmed[..end]).TrimEnd().ToString();
    }

    /// <param name="Read">Exceptions read as log lines.</param>
    /// <param name="Services">The services they were read for: none of their log lines is in the input.</param>
    /// <param name="LeftToLogs">Exceptions at services whose log lines are in the input, left to those lines.</param>
    /// <param name="LoggedServices">Those services.</param>
    internal sealed record Outcome(long Read, IReadOnlyList<string> Services, long LeftToLogs, IReadOnlyList<string> LoggedServices)
    {
        public static Outcome None { get; } = new(0, [], 0, []);
    }
}
