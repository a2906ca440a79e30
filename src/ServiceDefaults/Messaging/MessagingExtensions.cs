using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging.InProcess;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>Registers the messaging port, its transport (from configuration) and message handlers.</summary>
public static class MessagingExtensions
{
    /// <summary>Registers <typeparamref name="THandler"/> (a singleton) as the consumer of <typeparamref name="TMessage"/>.</summary>
    public static IServiceCollection AddHandler<THandler, TMessage>(this IServiceCollection services)
        where THandler : class, IMessageHandler<TMessage>
        where TMessage : IntegrationMessage
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton(new HandlerRegistration(typeof(TMessage), typeof(THandler)));
        return services;
    }

    /// <summary>
    /// Declares a host with a finite job (the command line's run): a queue found gone mid-job is only reported to the
    /// <see cref="TransportFailureLog"/>, for the host to end the job, instead of being created again as a long-running
    /// service's is; the job's messages went with the queue, so it could not complete anyway. Before or after
    /// <see cref="AddMessaging"/>.
    /// </summary>
    public static IServiceCollection ReportLostQueuesWithoutRecreating(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton(LostQueuePolicy.ReportOnly));
        return services;
    }

    /// <summary>Binds <see cref="MessagingOptions"/> and registers the transport it names.</summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MessagingOptions>()
            .Bind(builder.Configuration.GetSection(MessagingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<DeadLetterLog>();
        builder.Services.TryAddSingleton<TransportFailureLog>();
        builder.Services.TryAddSingleton(LostQueuePolicy.RecreateAndGoOn);

        var transport = builder.Configuration.GetSection(MessagingOptions.SectionName)
            .GetValue(nameof(MessagingOptions.Transport), MessagingTransport.InProcess);
        switch (transport)
        {
            case MessagingTransport.InProcess:
                builder.Services.AddInProcessMessaging();
                break;
            case MessagingTransport.Sqs:
                builder.AddSqsMessaging();
                break;
            default:
                throw new InvalidOperationException(
                    $"Messaging:Transport={transport} is not available in this build; the supported values are InProcess and Sqs.");
        }

        return builder;
    }

    private static IServiceCollection AddInProcessMessaging(this IServiceCollection services)
    {
        services.TryAddSingleton<InProcessQueues>();
        services.TryAddSingleton<IMessageBus, InProcessMessageBus>();
        services.AddHostedService<InProcessConsumerHost>();
        return services;
    }
}
