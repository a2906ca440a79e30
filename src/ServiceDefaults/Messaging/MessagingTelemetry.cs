using System.Diagnostics;
using System.Diagnostics.Metrics;
using AnomalyPlatform.ServiceDefaults.Telemetry;

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
    public static Activity? StartPublish(string messageType, string messageId, string runId, out string? traceParent)
    {
        var activity = Source.StartActivity($"publish {messageType}", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.SetTag("messaging.message.id", messageId);
            activity.SetTag(PipelineTelemetry.RunIdTag, runId);
        }

        traceParent = (activity ?? Activity.Current)?.Id;
        return activity;
    }

    /// <summary>Starts the process span as a child of the publisher's trace.</summary>
    /// <param name="runId">The message's run; null while it is not decoded yet (set it with <see cref="SetRunId"/>).</param>
    public static Activity? StartProcess(string messageType, string messageId, string? runId, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity($"process {messageType}", ActivityKind.Consumer, parent);
        if (activity is not null)
        {
            activity.SetTag("messaging.message.id", messageId);
            activity.SetTag(PipelineTelemetry.RunIdTag, runId);
        }

        return activity;
    }

    /// <summary>Tags a process span with the run of the message it handles.</summary>
    public static void SetRunId(Activity? activity, string runId) => activity?.SetTag(PipelineTelemetry.RunIdTag, runId);

    /// <summary>Marks a span failed by <paramref name="error"/>, with the exception recorded as an event.</summary>
    public static void SetError(Activity? activity, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.SetTag("error.type", error.GetType().FullName);
        activity.AddException(error);
    }

    /// <summary>
    /// Records a span for a broker call that failed outside any pipeline span: such calls are not traced (they would
    /// bury the runs' traces), so their failures are the only trace they leave.
    /// </summary>
    /// <param name="operation">The broker operation, e.g. <c>ReceiveMessage</c>.</param>
    /// <param name="destination">The queue (or bucket, or prefix) the call was about.</param>
    /// <param name="started">When the call began, so that the span lasts as long as the call did.</param>
    public static void RecordFailedCall(string system, string operation, string destination, DateTimeOffset started, Exception error)
    {
        using var activity = Source.StartActivity($"{system} {operation} failed", ActivityKind.Client, parentContext: default, startTime: started);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("messaging.system", system);
        activity.SetTag("messaging.operation.name", operation);
        activity.SetTag("messaging.destination.name", destination);
        SetError(activity, error);
    }
}
