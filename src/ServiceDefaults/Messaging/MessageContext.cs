using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>A received message with its delivery metadata.</summary>
/// <param name="ReceiveCount">1 on first delivery; higher when the transport redelivers after a failure.</param>
/// <param name="TraceParent">W3C <c>traceparent</c> of the publisher, when it had one.</param>
public sealed record MessageContext<T>(T Message, string MessageId, int ReceiveCount, string? TraceParent)
    where T : IntegrationMessage;
