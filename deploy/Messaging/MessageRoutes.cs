using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.Deploy;

/// <summary>One message type's way through the deployment: who publishes it and who consumes its queue.</summary>
public sealed record MessageRoute(Type MessageType, ServiceId Sender, ServiceId Receiver);

/// <summary>
/// Which service sends and which receives each message type: deployment knowledge (the services register their handlers
/// and publish in code; this is the picture of the three together). <c>RootCauseCompleted</c> is absent: only the
/// command line consumes it, and the long-running RootCause service does not publish it.
/// </summary>
public static class MessageRoutes
{
    public static IReadOnlyList<MessageRoute> All { get; } =
    [
        new(typeof(TelemetrySegment), ServiceId.Generator, ServiceId.Detector),
        new(typeof(RunStarted), ServiceId.Generator, ServiceId.RootCause),
        new(typeof(RunGenerated), ServiceId.Generator, ServiceId.RootCause),
        new(typeof(DetectionBatch), ServiceId.Detector, ServiceId.RootCause),
        new(typeof(DetectionCompleted), ServiceId.Detector, ServiceId.RootCause),
        new(typeof(ScoreBatch), ServiceId.Detector, ServiceId.RootCause),
    ];

    public static IEnumerable<Type> SentBy(ServiceId service) => All.Where(route => route.Sender == service).Select(route => route.MessageType);

    public static IEnumerable<Type> ReceivedBy(ServiceId service) => All.Where(route => route.Receiver == service).Select(route => route.MessageType);
}
