using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.Detector.Messaging;

/// <summary>Hands each telemetry segment to the <see cref="DetectorWorker"/>.</summary>
public sealed class TelemetrySegmentHandler(DetectorWorker worker) : IMessageHandler<TelemetrySegment>
{
    public Task HandleAsync(MessageContext<TelemetrySegment> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return worker.AnalyseSegmentAsync(context.Message, cancellationToken);
    }
}
