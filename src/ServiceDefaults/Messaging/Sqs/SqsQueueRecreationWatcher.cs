using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Watches when every queue under the queue prefix was created, and reports to this process's
/// <see cref="TransportFailureLog"/> each queue found created again since it was first seen: a queue that only another
/// service uses, deleted by hand and created again there (<see cref="LostQueuePolicy"/>), took the messages on it with
/// it, and the service that tracks runs (RootCause) would otherwise never hear of it and show a run that cannot
/// complete as running. A queue this process creates again itself is reported by the transport at once; this watcher
/// reports it too, a little later, with the time it was created again.
/// </summary>
public sealed partial class SqsQueueRecreationWatcher(
    IAmazonSQS sqs,
    TransportFailureLog transport,
    IOptions<SqsOptions> sqsOptions,
    ILogger<SqsQueueRecreationWatcher> logger) : SqsQueueWatcher(sqsOptions, logger)
{
    private readonly Dictionary<string, long> _created = new(StringComparer.Ordinal);

    /// <summary>
    /// A lost run is told within this, and a look costs one call per queue (SQS bills by request), so it is slower than
    /// the dead-letter watch.
    /// </summary>
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(15);

    /// <summary>At once: the first look learns when each queue was created, so a recreation after it can be told.</summary>
    protected override bool LooksAtStart => true;

    protected override string Watched => "the queues' creation times";

    protected override (string Operation, string Queues) Call(string prefix) => ("GetQueueAttributes", prefix + "*");

    /// <summary>The first look at a queue learns when it was created, later ones compare.</summary>
    protected override async Task LookUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        foreach (var (url, queueName) in await SqsQueueListing.UnderAsync(sqs, prefix, cancellationToken).ConfigureAwait(false))
        {
            if (SqsQueueNames.IsDeadLetter(queueName))
            {
                continue;
            }

            GetQueueAttributesResponse attributes;
            try
            {
                attributes = await sqs.GetQueueAttributesAsync(
                    new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = [QueueAttributeName.CreatedTimestamp] }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (QueueDoesNotExistException)
            {
                // Deleted since the listing: whoever uses it creates it again, and the next look sees when.
                continue;
            }

            if (attributes.Attributes?.TryGetValue(QueueAttributeName.CreatedTimestamp, out var text) != true
                || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var created))
            {
                continue;
            }

            if (_created.TryGetValue(queueName, out var seen) && created != seen)
            {
                // Its messages were lost by the time it was created again (SQS gives the second).
                var at = DateTime.UnixEpoch.AddSeconds(created);
                LogRecreated(logger, queueName, at);
                transport.AddRecreated(new RecreatedQueue(queueName, at));
            }

            _created[queueName] = created;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS queue {Queue} was created again at {CreatedAt:yyyy-MM-dd HH:mm:ss} UTC (deleted, or an emulator that restarted empty): the messages that were on it are lost")]
    private static partial void LogRecreated(ILogger logger, string queue, DateTime createdAt);
}
