namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// Sent once per telemetry segment by the detector after the segment's last detection batch. Carries what the
/// root-cause stage needs besides the detections: the dependency graph learned from the segment's spans and the change
/// events seen in it. A run is complete when all <see cref="SegmentCount"/> segments' completions and the batches they
/// announce are in.
/// </summary>
/// <param name="BatchCount">Detection batches of this segment.</param>
/// <param name="RecordsScored">The segment's own records (context excluded).</param>
/// <param name="Models">The models that ran, in <see cref="ModelNames"/> spelling (ensemble included).</param>
public sealed record DetectionCompleted(
    int BatchCount,
    long RecordsScored,
    IReadOnlyList<string> Models,
    IReadOnlyList<ServiceEdge> Edges,
    IReadOnlyList<ChangeEvent> ChangeEvents) : IntegrationMessage
{
    /// <summary>
    /// How many <see cref="ScoreBatch"/> messages the detector sent for this segment before this one (0 from a detector
    /// that sends none). An init property rather than a parameter, so that existing constructions keep compiling.
    /// </summary>
    public int ScoreBatchCount { get; init; }

    /// <summary>
    /// Per service, log template and minute, how many of the segment's own log lines there were: what the root-cause
    /// stage needs to see which service changed what it writes, flagged or not.
    /// </summary>
    public IReadOnlyList<BehaviourCount> Behaviour { get; init; } = [];

    /// <summary>Per service, metric and minute, the segment's highest reading, flagged or not.</summary>
    public IReadOnlyList<MetricPeak> MetricPeaks { get; init; } = [];

    /// <summary>Per service, entry operation, call pattern and minute, how many of the segment's own spans ran so.</summary>
    public IReadOnlyList<CallPatternCount> CallPatterns { get; init; } = [];

    /// <summary>For each pattern in <see cref="CallPatterns"/>, what its requests did in outline: other services called, failed or not.</summary>
    public IReadOnlyList<CallPatternOutline> CallPatternOutlines { get; init; } = [];

    /// <summary>Per caller, callee, minute and time bucket, how long the segment's own calls between services spent outside the callee's span.</summary>
    public IReadOnlyList<CallTransitCount> CallTransits { get; init; } = [];

    /// <summary>
    /// For the segment's requests with no span, whose log lines carry their trace id (all of them without spans, those
    /// sampling dropped with them): per service that wrote a request's line before, service whose first line in the
    /// request came next, minute and time bucket, how long the request took between the two lines, in the shape of
    /// <see cref="CallTransits"/> (caller = the service that wrote the line before), which no span tells for them.
    /// </summary>
    public IReadOnlyList<CallTransitCount> LogHandovers { get; init; } = [];

    /// <summary>Calls between operations of different services in the segment's own requests.</summary>
    public IReadOnlyList<OperationEdge> OperationEdges { get; init; } = [];

    /// <summary>Per service, the instances the segment's own records came from: a service with one names its faults' instance.</summary>
    public IReadOnlyList<ServiceInstances> Instances { get; init; } = [];

    /// <summary>The <see cref="TelemetrySegment.Index"/> this completes.</summary>
    public int Segment { get; init; }

    /// <summary>How many segments the run has (<see cref="TelemetrySegment.SegmentCount"/>).</summary>
    public int SegmentCount { get; init; } = 1;

    /// <summary>Wall time the detector spent on the segment (decoding excluded).</summary>
    public double WallSeconds { get; init; }

    /// <summary>When the detector began the segment (UTC); null from a sender that did not say.</summary>
    public DateTime? StartedAt { get; init; }

    /// <summary>The detector process's highest working set while it analysed the segment (sampled; not the process's lifetime peak).</summary>
    public double PeakWorkingSetMb { get; init; }

    /// <summary>The detector process's highest managed heap while it analysed the segment; null from a sender that did not measure it.</summary>
    public double? PeakManagedHeapMb { get; init; }

    public override string MessageId => $"{RunId}/detection-completed/{Segment}";
}
