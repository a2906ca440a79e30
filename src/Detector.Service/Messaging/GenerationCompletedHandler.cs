using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.Detector.Messaging;

/// <summary>Tells the <see cref="DetectorWorker"/> how many batches make up the run; detection starts when all are in.</summary>
public sealed class GenerationCompletedHandler(DetectorWorker worker) : IMessageHandler<GenerationCompleted>
{
    public Task HandleAsync(MessageContext<GenerationCompleted> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return worker.AcceptCompletionAsync(context.Message, cancellationToken);
    }
}
