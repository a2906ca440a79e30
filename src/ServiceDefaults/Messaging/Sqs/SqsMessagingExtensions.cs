using Amazon.S3;
using Amazon.SQS;
using AnomalyPlatform.ServiceDefaults.Aws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>Registers the SQS adapter: clients, options, queue provisioning, the bus and the consumers.</summary>
internal static class SqsMessagingExtensions
{
    public static IHostApplicationBuilder AddSqsMessaging(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SqsOptions>()
            .Bind(builder.Configuration.GetSection(SqsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqsOptions>, SqsOptionsValidator>());

        // The SDK reads AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL), credentials and region itself;
        // without them it talks to real AWS through the default chains. Registered with TryAdd so a host can supply its own.
        services.TryAddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(new AmazonSQSConfig()));
        var configuration = builder.Configuration;
        services.TryAddSingleton<IAmazonS3>(provider => new AmazonS3Client(new AmazonS3Config
        {
            ForcePathStyle = provider.GetRequiredService<IOptions<SqsOptions>>().Value.S3ForcePathStyle
                             ?? S3Endpoints.IsCustom(key => configuration[key]),
        }));

        services.TryAddSingleton<MessageTypeInfos>();
        services.TryAddSingleton<SqsMessageCodec>();
        services.TryAddSingleton<SqsTopology>();
        services.TryAddSingleton<SqsOutageRetry>();
        services.TryAddSingleton<ClaimCheckStore>();
        services.TryAddSingleton<SqsBatchSender>();
        services.TryAddSingleton<SqsQueueProvisioner>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqsLostQueueRecovery>();
        services.TryAddSingleton<IMessageBus, SqsMessageBus>();
        // Provisioning is a hosted service started before the consumers and the services' own workers.
        services.AddHostedService(provider => provider.GetRequiredService<SqsQueueProvisioner>());
        services.AddHostedService<SqsConsumerHost>();
        // The queue gauges come from the host's meter factory.
        services.AddMetrics();
        services.AddHostedService<SqsQueueDepthMonitor>();
        return builder;
    }
}
