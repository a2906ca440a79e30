using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Watches every dead-letter queue under the queue prefix and adds each message that lands in one to this process's
/// <see cref="DeadLetterLog"/>, so that a process that does not consume those queues (the CLI of a distributed run,
/// whose services are other processes) learns that work was dead-lettered instead of waiting for it forever. It peeks:
/// the messages stay in their dead-letter queue for an operator to inspect or redrive.
/// </summary>
public sealed partial class SqsDeadLetterWatcher(
    IAmazonSQS sqs,
    DeadLetterLog deadLetters,
    IOptions<SqsOptions> sqsOptions,
    IOptions<MessagingOptions> messagingOptions,
    ILogger<SqsDeadLetterWatcher> logger) : SqsQueueWatcher(sqsOptions, logger)
{
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>After one interval: nothing can have been dead-lettered before the process's first run.</summary>
    protected override bool LooksAtStart => false;

    protected override string Watched => "the dead-letter queues";

    protected override (string Operation, string Queues) Call(string prefix) => ("ReceiveMessage", SqsQueueNames.DeadLetter(prefix + "*"));

    protected override async Task LookUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        foreach (var (url, queueName) in await SqsQueueListing.UnderAsync(sqs, prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!SqsQueueNames.IsDeadLetter(queueName))
            {
                continue;
            }

            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 0,
                // Visible again at once: this is a look, not a consumption.
                VisibilityTimeout = 0,
                MessageAttributeNames = ["All"],
            }, cancellationToken).ConfigureAwait(false);
            foreach (var message in received.Messages ?? [])
            {
                var messageId = Attribute(message, SqsWireFormat.MessageId) ?? message.MessageId;
                if (_reported.Add(queueName + "/" + messageId))
                {
                    var messageType = Attribute(message, SqsWireFormat.MessageType) ?? "message";
                    LogDeadLettered(logger, messageType, messageId, queueName);
                    deadLetters.Add(new DeadLetter(messageType, messageId, messagingOptions.Value.MaxReceiveCount,
                        $"its handler failed in another process; the message is kept on the dead-letter queue {queueName}"));
                }
            }
        }
    }

    private static string? Attribute(Message message, string name) =>
        message.MessageAttributes?.TryGetValue(name, out var value) == true ? value.StringValue : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "{MessageType} {MessageId} was dead-lettered on {Queue}")]
    private static partial void LogDeadLettered(ILogger logger, string messageType, string messageId, string queue);
}
