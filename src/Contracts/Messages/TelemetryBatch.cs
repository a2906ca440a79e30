using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Contracts.Messages;

/// <summary>A batch of generated telemetry records, in record-id order, from the generator to the detector.</summary>
/// <param name="Sequence">0-based batch number within the run.</param>
public sealed record TelemetryBatch(int Sequence, IReadOnlyList<TelemetryRecord> Records) : IntegrationMessage
{
    public override string MessageId => $"{RunId}/telemetry/{Sequence}";
}
