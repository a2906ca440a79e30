using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.Detector.Messaging;

/// <summary>Hands each telemetry batch to the <see cref="DetectorWorker"/>, which ignores sequences it has already counted.</summary>
public sealed class TelemetryBatchHandler(DetectorWorker worker) : IMessageHandler<TelemetryBatch>
{
    public Task HandleAsync(MessageContext<TelemetryBatch> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return worker.AcceptBatchAsync(context.Message, cancellationToken);
    }
}
