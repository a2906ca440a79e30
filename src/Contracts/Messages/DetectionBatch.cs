namespace AnomalyPlatform.Contracts.Messages;

/// <summary>A batch of detections, from the detector to the root-cause service.</summary>
public sealed record DetectionBatch(int Sequence, IReadOnlyList<Detection> Detections) : IntegrationMessage
{
    public override string MessageId => $"{RunId}/detections/{Sequence}";
}
