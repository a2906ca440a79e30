using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>Traces and counters of the messaging port, shared by every transport.</summary>
public static class MessagingTelemetry
{
    public const string SourceName = "AnomalyPlatform.Messaging";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>("messaging.messages.published");
    public static readonly Counter<long> Handled = Meter.CreateCounter<long>("messaging.messages.handled");
    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("messaging.messages.failed");
    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("messaging.messages.dead_lettered");

    /// <summary>Starts the publish span and returns the <c>traceparent</c> to send with the message.</summary>
    public static Activity? StartPublish(string messageType, string messageId, out string? traceParent)
    {
        var activity = Source.StartActivity($"publish {messageType}", ActivityKind.Producer);
        activity?.SetTag("messaging.message.id", messageId);
        traceParent = (activity ?? Activity.Current)?.Id;
        return activity;
    }

    /// <summary>Starts the process span as a child of the publisher's trace.</summary>
    public static Activity? StartProcess(string messageType, string messageId, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity($"process {messageType}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.message.id", messageId);
        return activity;
    }
}
