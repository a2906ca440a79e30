using Amazon.SQS;
using Amazon.SQS.Model;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>The queues under a prefix, for the watchers that look at every service's queues, not only this process's.</summary>
internal static class SqsQueueListing
{
    /// <summary>Each queue's URL and name (up to SQS's 1,000 a listing: a platform has a dozen).</summary>
    public static async Task<IReadOnlyList<(string Url, string Name)>> UnderAsync(IAmazonSQS sqs, string prefix, CancellationToken cancellationToken)
    {
        var queues = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 1000 }, cancellationToken)
            .ConfigureAwait(false);
        return [.. (queues.QueueUrls ?? []).Select(url => (url, url[(url.LastIndexOf('/') + 1)..]))];
    }
}
