using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Brings back a queue that a consumer or publisher found gone (an emulator that restarted empty, a queue deleted by
/// hand) by provisioning it again as at start, once however many callers met the loss, and says so in one warning.
/// </summary>
/// <remarks>
/// It does nothing, and the caller keeps its outage behaviour, in a host with a finite job (<see cref="LostQueuePolicy"/>),
/// with <see cref="SqsOptions.ProvisionResources"/> off (the queues are infrastructure's; the same URL works again once
/// it makes the queue again), or when provisioning fails.
/// </remarks>
internal sealed partial class SqsLostQueueRecovery(
    SqsQueueProvisioner queues,
    LostQueuePolicy policy,
    IOptions<SqsOptions> options,
    TransportFailureLog failures,
    TimeProvider clock,
    ILogger<SqsLostQueueRecovery> logger)
{
    // The latest recreation of each queue. A call that began before it ended may have met the loss it repaired, so its
    // failure is answered with that recreation's URL; only a call begun after it ended meets a new loss.
    private readonly ConcurrentDictionary<string, Recreation> _latest = new(StringComparer.Ordinal);

    /// <summary>
    /// The URL of <paramref name="queueName"/> once it is back, or null when this host does not recreate lost queues or
    /// recreating failed (a later failed call tries again).
    /// </summary>
    /// <param name="failedCallStarted">When the call that found the queue gone began (<see cref="Stopwatch.GetTimestamp"/>).</param>
    public async Task<string?> TryRecreateAsync(string queueName, long failedCallStarted, CancellationToken cancellationToken)
    {
        if (!policy.Recreate || !options.Value.ProvisionResources)
        {
            return null;
        }

        while (true)
        {
            if (_latest.TryGetValue(queueName, out var latest) && !latest.EndedBefore(failedCallStarted))
            {
                return await latest.Url.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var mine = new Recreation();
            if (latest is null ? _latest.TryAdd(queueName, mine) : _latest.TryUpdate(queueName, mine, latest))
            {
                var foundGoneAt = clock.GetUtcNow().UtcDateTime;
                _ = mine.RunAsync(() => RecreateAsync(queueName, foundGoneAt));
                return await mine.Url.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string?> RecreateAsync(string queueName, DateTime foundGoneAt)
    {
        string? url;
        try
        {
            // Not a caller's token: every caller that met this loss waits for it; the outage tolerance bounds it.
            url = await queues.ProvisionAgainAsync(queueName, CancellationToken.None).ConfigureAwait(false);
            LogRecreated(logger, queueName);
        }
        catch (Exception ex)
        {
            LogNotRecreated(logger, queueName, SqsOutageRetry.Describe(ex));
            return null;
        }

        try
        {
            failures.AddRecreated(new RecreatedQueue(queueName, foundGoneAt));
        }
        catch (Exception ex)
        {
            // A listener's failure is not a failure to recreate the queue: the callers waiting for it go on.
            LogListenerFailed(logger, ex, queueName);
        }

        return url;
    }

    private sealed class Recreation
    {
        private readonly TaskCompletionSource<string?> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _ended;

        public Task<string?> Url => _url.Task;

        public bool EndedBefore(long timestamp)
        {
            var ended = Interlocked.Read(ref _ended);
            return ended != 0 && ended <= timestamp;
        }

        /// <param name="recreate">Never throws: a failure is a null URL.</param>
        public async Task RunAsync(Func<Task<string?>> recreate)
        {
            var url = await recreate().ConfigureAwait(false);
            Interlocked.Exchange(ref _ended, Stopwatch.GetTimestamp());
            _url.SetResult(url);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "SQS queue {Queue} no longer existed (an emulator that restarted starts empty, or the queue was deleted): created it again, " +
                  "with its dead-letter queue, and carrying on; the messages that were on it are lost")]
    private static partial void LogRecreated(ILogger logger, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS queue {Queue} no longer exists and could not be created again ({Reason}); trying again at its next use")]
    private static partial void LogNotRecreated(ILogger logger, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "SQS queue {Queue} was created again, but telling the service so failed")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string queue);
}
