using System.Collections.Concurrent;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Creates or verifies, at start, every queue this process consumes (each with its dead-letter queue and redrive
/// policy) and the claim-check bucket; publish queues are ensured the same way on first use. With
/// <see cref="SqsOptions.ProvisionResources"/> off it only looks the queues up, so a missing one still fails at start.
/// </summary>
internal sealed partial class SqsQueueProvisioner(
    IAmazonSQS sqs,
    SqsOutageRetry retry,
    ClaimCheckStore claimCheck,
    SqsTopology topology,
    IEnumerable<HandlerRegistration> registrations,
    IOptions<SqsOptions> sqsOptions,
    IOptions<MessagingOptions> messagingOptions,
    ILogger<SqsQueueProvisioner> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _urls = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await claimCheck.EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        foreach (var queue in registrations.Select(topology.ConsumerQueue).Distinct())
        {
            await GetQueueUrlAsync(queue, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The URL of <paramref name="queueName"/>, created with its dead-letter queue the first time it is asked for (or only
    /// looked up, with <see cref="SqsOptions.ProvisionResources"/> off).
    /// </summary>
    public async Task<string> GetQueueUrlAsync(string queueName, CancellationToken cancellationToken)
    {
        // Provisioning is plumbing, even when a publish triggers it: untraced unless it fails.
        var lazy = _urls.GetOrAdd(queueName, name => new Lazy<Task<string>>(() => sqsOptions.Value.ProvisionResources
            ? UntracedCall.RunAsync(UntracedCall.Sqs, "CreateQueue", name, token => EnsureQueueAsync(name, token), CancellationToken.None)
            : UntracedCall.RunAsync(UntracedCall.Sqs, "GetQueueUrl", name, token => LookUpQueueAsync(name, token), CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // Forget the failure so that the next caller tries again (the endpoint may be back).
            _urls.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(queueName, lazy));
            throw;
        }
    }

    /// <summary>
    /// Provisions <paramref name="queueName"/> again, as at start, after it was found gone: the claim-check bucket (an
    /// emulator that restarted lost it too), then the queue with its dead-letter queue and redrive policy.
    /// </summary>
    public async Task<string> ProvisionAgainAsync(string queueName, CancellationToken cancellationToken)
    {
        // The URL known so far is the lost queue's; the next caller provisions afresh.
        _urls.TryRemove(queueName, out _);
        await claimCheck.EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        return await GetQueueUrlAsync(queueName, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> LookUpQueueAsync(string queueName, CancellationToken cancellationToken) =>
        (await retry.ExecuteAsync("GetQueueUrl", token => sqs.GetQueueUrlAsync(queueName, token), cancellationToken).ConfigureAwait(false)).QueueUrl;

    private async Task<string> EnsureQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var options = sqsOptions.Value;
        var deadLetterName = SqsQueueNames.DeadLetter(queueName);
        var deadLetterUrl = await CreateOrUpdateAsync(deadLetterName, new Dictionary<string, string>
        {
            [QueueAttributeName.MessageRetentionPeriod] = SqsOptions.DeadLetterRetentionSeconds.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken).ConfigureAwait(false);
        var deadLetterArn = (await retry.ExecuteAsync("GetQueueAttributes", token => sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = deadLetterUrl,
            AttributeNames = [QueueAttributeName.QueueArn],
        }, token), cancellationToken).ConfigureAwait(false)).QueueARN;

        var maxReceiveCount = messagingOptions.Value.MaxReceiveCount.ToString(CultureInfo.InvariantCulture);
        var url = await CreateOrUpdateAsync(queueName, new Dictionary<string, string>
        {
            [QueueAttributeName.VisibilityTimeout] = options.VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            [QueueAttributeName.MessageRetentionPeriod] = options.MessageRetentionSeconds.ToString(CultureInfo.InvariantCulture),
            [QueueAttributeName.RedrivePolicy] =
                $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":"{{maxReceiveCount}}"}""",
        }, cancellationToken).ConfigureAwait(false);
        LogQueueReady(logger, queueName, deadLetterName, maxReceiveCount);
        return url;
    }

    private async Task<string> CreateOrUpdateAsync(string name, Dictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        try
        {
            return (await retry.ExecuteAsync("CreateQueue", token => sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes }, token),
                cancellationToken).ConfigureAwait(false)).QueueUrl;
        }
        catch (QueueNameExistsException)
        {
            // The queue exists with other attributes (an older deployment): keep its messages, bring its settings in line.
            var url = (await retry.ExecuteAsync("GetQueueUrl", token => sqs.GetQueueUrlAsync(name, token), cancellationToken).ConfigureAwait(false)).QueueUrl;
            await retry.ExecuteAsync("SetQueueAttributes", token => sqs.SetQueueAttributesAsync(url, attributes, token), cancellationToken).ConfigureAwait(false);
            LogQueueUpdated(logger, name);
            return url;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQS queue {Queue} ready, dead-letter queue {DeadLetterQueue} after {MaxReceiveCount} receives")]
    private static partial void LogQueueReady(ILogger logger, string queue, string deadLetterQueue, string maxReceiveCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS queue {Queue} existed with other attributes; they were updated")]
    private static partial void LogQueueUpdated(ILogger logger, string queue);
}
