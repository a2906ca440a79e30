using AnomalyPlatform.Contracts.Telemetry;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Generator;

/// <summary>
/// A record being simulated, before it gets its record id: a mutable struct so that a span can be filled in after its
/// children, and dropped or relabelled by fault injection, without allocating.
/// </summary>
internal struct PendingRecord
{
    /// <summary>UTC ticks, always on a whole millisecond (the CSV resolution) so that file and bus agree.</summary>
    public long Ticks;

    /// <summary>Creation order: breaks timestamp ties so that a parent span always precedes its children.</summary>
    public long Sequence;

    public TelemetryKind Kind;
    public int Instance;
    public string Name;
    public double Value;
    public LogLevel Level;
    public SpanStatus Status;
    public string? TraceId;
    public string? SpanId;
    public string? ParentSpanId;
    public string? Message;

    /// <summary>Index of the incident whose observable trace this record is; -1 when normal or a standalone anomaly.</summary>
    public int Incident;

    /// <summary>One of <see cref="AnomalyTypes"/> when the record is labelled anomalous; null when normal.</summary>
    public string? AnomalyType;

    /// <summary>True when the record was emitted by its incident's root-cause service.</summary>
    public bool RootCause;

    /// <summary>Set when fault injection removed the record (a lost span).</summary>
    public bool Dropped;
}
