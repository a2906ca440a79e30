using System.Reflection;
using AnomalyPlatform.Contracts.Messages;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>Runs one <see cref="SqsConsumer{T}"/> per registered handler, on the queue the topology gives it.</summary>
internal sealed class SqsConsumerHost(
    IServiceProvider services,
    IEnumerable<HandlerRegistration> registrations,
    SqsTopology topology,
    IAmazonSQS sqs,
    SqsQueueProvisioner queues,
    SqsLostQueueRecovery lostQueues,
    SqsMessageCodec codec,
    ClaimCheckStore claimCheck,
    SqsOutageRetry retry,
    DeadLetterLog deadLetters,
    IOptions<SqsOptions> sqsOptions,
    IOptions<MessagingOptions> messagingOptions,
    ILogger<SqsConsumerHost> logger) : BackgroundService
{
    private static readonly MethodInfo ConsumeMethod =
        typeof(SqsConsumerHost).GetMethod(nameof(ConsumeAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shared = new SqsConsumerServices(sqs, queues, lostQueues, codec, claimCheck, retry, deadLetters, sqsOptions.Value,
            messagingOptions.Value.MaxReceiveCount, logger);
        return Task.WhenAll(registrations.Select(registration =>
            (Task)ConsumeMethod.MakeGenericMethod(registration.MessageType).Invoke(this, [registration, shared, stoppingToken])!));
    }

    private Task ConsumeAsync<T>(HandlerRegistration registration, SqsConsumerServices shared, CancellationToken stoppingToken)
        where T : IntegrationMessage
    {
        var handler = (IMessageHandler<T>)services.GetRequiredService(registration.HandlerType);
        var consumer = new SqsConsumer<T>(handler, topology.ConsumerQueue(registration), topology.Concurrency(registration), shared);
        return Task.Run(() => consumer.RunAsync(stoppingToken), CancellationToken.None);
    }
}
