using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>Which transport carries messages, and how deliveries are retried. Bound from the <c>Messaging</c> section.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>The default of <see cref="MaxReceiveCount"/>.</summary>
    public const int DefaultMaxReceiveCount = 3;

    /// <summary><c>InProcess</c> (one process, bounded channels) or <c>Sqs</c> (Amazon SQS, settings under <c>Messaging:Sqs</c>).</summary>
    public MessagingTransport Transport { get; set; } = MessagingTransport.InProcess;

    /// <summary>Deliveries of one message before it is dead-lettered (with SQS: the redrive policy's <c>maxReceiveCount</c>).</summary>
    [Range(1, 100, ErrorMessage = "Messaging:MaxReceiveCount must be between 1 and 100.")]
    public int MaxReceiveCount { get; set; } = DefaultMaxReceiveCount;

    /// <summary>Messages an in-process queue holds before publishers wait (back-pressure keeps memory bounded).</summary>
    [Range(1, 10_000, ErrorMessage = "Messaging:InProcessCapacity must be between 1 and 10000.")]
    public int InProcessCapacity { get; set; } = 8;

    /// <summary>
    /// Message types (by name) that an in-process publisher hands over instead of queueing: it waits until a consumer
    /// has taken the message, so that at most one of them waits between two services. A telemetry segment holds up to a
    /// million records (about 300 MB); a queue of <see cref="InProcessCapacity"/> of them let the generator run
    /// gigabytes ahead of detection. With SQS the message leaves the process when published, so this does not apply.
    /// </summary>
    public IList<string> InProcessHandOffTypes { get; } = ["TelemetrySegment"];
}

/// <summary>The transports of the messaging port.</summary>
public enum MessagingTransport
{
    InProcess,
    Sqs,
}
