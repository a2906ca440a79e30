using Amazon.SQS;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Looks at the queues under the queue prefix every <see cref="Interval"/> until the process stops: the periodic loop,
/// the gate that keeps a tick and a look asked for (<see cref="LookAsync"/>) from overlapping, and what a failed look
/// does (logged; the next tick looks again; an outage is reported by the calls that carry the runs' messages), shared by
/// the watchers of the services' queues (<see cref="SqsDeadLetterWatcher"/>, <see cref="SqsQueueRecreationWatcher"/>).
/// </summary>
public abstract partial class SqsQueueWatcher(IOptions<SqsOptions> sqsOptions, ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>How often the queues are looked at.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Whether the first look is as the process starts (else one interval later).</summary>
    protected abstract bool LooksAtStart { get; }

    /// <summary>The SQS call a look makes, and the queues it names, for the span of a look that fails.</summary>
    protected abstract (string Operation, string Queues) Call(string prefix);

    /// <summary>What a look looks at, for the log of a look that fails ("the dead-letter queues").</summary>
    protected abstract string Watched { get; }

    /// <summary>One look at the queues under <paramref name="prefix"/>; never two at once.</summary>
    protected abstract Task LookUnderAsync(string prefix, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            if (LooksAtStart)
            {
                await LookOrLogAsync(stoppingToken).ConfigureAwait(false);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await LookOrLogAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Looks once now (a run's end, a test), waiting for a look under way to finish first.</summary>
    public async Task LookAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var prefix = sqsOptions.Value.QueuePrefix;
            var (operation, queues) = Call(prefix);
            // A look every few seconds is plumbing: untraced unless it fails.
            await UntracedCall.RunAsync(UntracedCall.Sqs, operation, queues, token => LookUnderAsync(prefix, token), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task LookOrLogAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LookAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && (SqsOutageRetry.IsTransient(ex) || ex is AmazonSQSException))
        {
            LogLookFailed(logger, ex, Watched, sqsOptions.Value.QueuePrefix);
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look at {Watched} under {Prefix}; looking again shortly")]
    private static partial void LogLookFailed(ILogger logger, Exception exception, string watched, string prefix);
}
