using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// What an input's files give that becomes records only once every file is read: OTLP's cumulative points, whose
/// increases need the whole series (<see cref="CumulativePoints"/>), and the exceptions recorded on spans, read as log
/// lines only for services the input holds no log line of (<see cref="SpanExceptions"/>).
/// </summary>
internal sealed class PendingRecords
{
    public CumulativePoints Cumulative { get; } = new();

    public SpanExceptions Exceptions { get; } = new();

    public long Count => Cumulative.Count + Exceptions.Count;

    /// <summary>Adds the records they make to <paramref name="records"/>.</summary>
    public SpanExceptions.Outcome Settle(List<TelemetryRecord> records, InputRejects rejects)
    {
        Cumulative.Resolve(records, rejects);
        return Exceptions.Settle(records);
    }
}
