using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Keeps a message invisible while its handler runs, by renewing its visibility timeout every third of it, so a long
/// batch is not handed to another consumer meanwhile; a consumer that dies stops renewing and the message comes back.
/// </summary>
internal sealed partial class VisibilityExtender : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private VisibilityExtender(IAmazonSQS sqs, string queueUrl, string queueName, string receiptHandle, int timeoutSeconds, ILogger logger) =>
        _loop = RunAsync(sqs, queueUrl, queueName, receiptHandle, timeoutSeconds, logger, _stop.Token);

    public static VisibilityExtender Start(
        IAmazonSQS sqs, string queueUrl, string queueName, string receiptHandle, int timeoutSeconds, ILogger logger) =>
        new(sqs, queueUrl, queueName, receiptHandle, timeoutSeconds, logger);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task RunAsync(
        IAmazonSQS sqs, string queueUrl, string queueName, string receiptHandle, int timeoutSeconds, ILogger logger, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(timeoutSeconds / 3.0));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    // Plumbing: untraced, but a failure leaves a span in the message's trace.
                    await UntracedCall.RunAsync(UntracedCall.Sqs, "ChangeMessageVisibility", queueName, token => sqs.ChangeMessageVisibilityAsync(
                        new ChangeMessageVisibilityRequest
                        {
                            QueueUrl = queueUrl,
                            ReceiptHandle = receiptHandle,
                            VisibilityTimeout = timeoutSeconds,
                        }, token), stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    // The handler goes on and the next tick tries again (the endpoint may be back); at worst the message
                    // is delivered again meanwhile, which handlers tolerate (idempotent).
                    LogExtendFailed(logger, ex, queueUrl);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the visibility of a message on {QueueUrl}; it may be delivered again")]
    private static partial void LogExtendFailed(ILogger logger, Exception exception, string queueUrl);
}
