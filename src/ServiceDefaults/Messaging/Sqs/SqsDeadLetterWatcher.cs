using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
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
    ILogger<SqsDeadLetterWatcher> logger) : BackgroundService
{
    /// <summary>How often the dead-letter queues are looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var prefix = sqsOptions.Value.QueuePrefix;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await LookAsync(prefix, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && (SqsOutageRetry.IsTransient(ex) || ex is AmazonSQSException))
                {
                    // The next tick looks again; an outage is reported by the calls that carry the run's messages.
                    LogLookFailed(logger, ex, prefix);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Looks once now (a run's end does, so that its summary holds what landed since the last tick).</summary>
    public Task LookAsync(CancellationToken cancellationToken) => LookAsync(sqsOptions.Value.QueuePrefix, cancellationToken);

    private async Task LookAsync(string prefix, CancellationToken cancellationToken)
    {
        // Ticks and a run's last look may overlap.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A look every couple of seconds is plumbing: untraced unless it fails.
            await UntracedCall.RunAsync(UntracedCall.Sqs, "ReceiveMessage", SqsQueueNames.DeadLetter(prefix + "*"),
                token => LookUnderAsync(prefix, token), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task LookUnderAsync(string prefix, CancellationToken cancellationToken)
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

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private static string? Attribute(Message message, string name) =>
        message.MessageAttributes?.TryGetValue(name, out var value) == true ? value.StringValue : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "{MessageType} {MessageId} was dead-lettered on {Queue}")]
    private static partial void LogDeadLettered(ILogger logger, string messageType, string messageId, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look at the dead-letter queues under {Prefix}; looking again shortly")]
    private static partial void LogLookFailed(ILogger logger, Exception exception, string prefix);
}
