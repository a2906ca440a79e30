namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>
/// One telemetry record of any kind, in the single schema of <c>synthetic_data.csv</c>.
/// Which fields are set depends on <see cref="Kind"/>:
/// metric: <see cref="Name"/> = metric name, <see cref="Value"/> = reading;
/// event: <see cref="Name"/> = event type, <see cref="Message"/> = detail;
/// log: <see cref="Level"/>, <see cref="Name"/> = template id, <see cref="Message"/> = rendered line,
/// <see cref="TraceId"/> when logged inside a request;
/// span: <see cref="Name"/> = operation, <see cref="Value"/> = duration in milliseconds, <see cref="Status"/>,
/// <see cref="TraceId"/>, <see cref="SpanId"/>, <see cref="ParentSpanId"/> (null for a root span).
/// </summary>
/// <param name="RecordId">Dense id, unique within a run, in generation order (0-based).</param>
/// <param name="Timestamp">UTC time of the observation (span start for spans).</param>
public sealed record TelemetryRecord(
    long RecordId,
    DateTime Timestamp,
    TelemetryKind Kind,
    string Service,
    string Instance,
    string Name,
    double Value,
    LogLevel? Level = null,
    SpanStatus? Status = null,
    string? TraceId = null,
    string? SpanId = null,
    string? ParentSpanId = null,
    string? Message = null);
