namespace AnomalyPlatform.Contracts.Messages;

/// <summary>A batch of detections of one telemetry segment, from the detector to the root-cause service.</summary>
/// <param name="Sequence">0-based batch number within the segment.</param>
public sealed record DetectionBatch(int Sequence, IReadOnlyList<Detection> Detections) : IntegrationMessage
{
    /// <summary>The <see cref="TelemetrySegment.Index"/> the detections come from.</summary>
    public int Segment { get; init; }

    public override string MessageId => $"{RunId}/detections/{Segment}/{Sequence}";
}
