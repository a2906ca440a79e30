using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Reads, every <see cref="SqsOptions.QueueDepthIntervalSeconds"/>, how many messages wait in each queue this process
/// consumes and how many are in flight, and reports them as the gauges of <see cref="PipelineTelemetry"/>: segments
/// waiting for a detector, and being analysed, show on the dashboard's metrics page.
/// </summary>
internal sealed partial class SqsQueueDepthMonitor : BackgroundService
{
    private readonly IAmazonSQS _sqs;
    private readonly SqsQueueProvisioner _queues;
    private readonly IReadOnlyList<string> _queueNames;
    private readonly TimeSpan _interval;
    private readonly ILogger<SqsQueueDepthMonitor> _logger;
    private readonly ConcurrentDictionary<string, (long Waiting, long InFlight)> _depths = new(StringComparer.Ordinal);

    public SqsQueueDepthMonitor(
        IAmazonSQS sqs,
        SqsQueueProvisioner queues,
        SqsTopology topology,
        IEnumerable<HandlerRegistration> registrations,
        IMeterFactory meters,
        IOptions<SqsOptions> options,
        ILogger<SqsQueueDepthMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _sqs = sqs;
        _queues = queues;
        _queueNames = registrations.Select(topology.ConsumerQueue).Distinct(StringComparer.Ordinal).ToArray();
        _interval = TimeSpan.FromSeconds(options.Value.QueueDepthIntervalSeconds);
        _logger = logger;
        // From the factory, not static: the gauges live as long as this host, and read only its queues.
        var meter = meters.Create(PipelineTelemetry.SourceName);
        PipelineTelemetry.CreateQueueDepthGauges(meter, () => Observe(depth => depth.Waiting), () => Observe(depth => depth.InFlight));
    }

    /// <summary>Reads every consumed queue's depth once now.</summary>
    internal async Task ReadAsync(CancellationToken cancellationToken)
    {
        foreach (var queueName in _queueNames)
        {
            try
            {
                var url = await _queues.GetQueueUrlAsync(queueName, cancellationToken).ConfigureAwait(false);
                var attributes = await UntracedCall.RunAsync(UntracedCall.Sqs, "GetQueueAttributes", queueName, token => _sqs.GetQueueAttributesAsync(
                    new GetQueueAttributesRequest
                    {
                        QueueUrl = url,
                        AttributeNames = [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible],
                    }, token), cancellationToken).ConfigureAwait(false);
                _depths[queueName] = (Count(attributes, QueueAttributeName.ApproximateNumberOfMessages),
                    Count(attributes, QueueAttributeName.ApproximateNumberOfMessagesNotVisible));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // A stale depth would mislead: the gauge shows nothing for the queue until a read succeeds again.
                _depths.TryRemove(queueName, out _);
                LogReadFailed(_logger, ex, queueName);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_queueNames.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                await ReadAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private IEnumerable<Measurement<long>> Observe(Func<(long Waiting, long InFlight), long> value)
    {
        foreach (var (queue, depth) in _depths)
        {
            yield return new Measurement<long>(value(depth), new KeyValuePair<string, object?>(PipelineTelemetry.QueueTag, queue));
        }
    }

    private static long Count(GetQueueAttributesResponse response, string name) =>
        response.Attributes?.TryGetValue(name, out var value) == true ? long.Parse(value, CultureInfo.InvariantCulture) : 0;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the depth of SQS queue {Queue}; trying again at the next interval")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string queue);
}
