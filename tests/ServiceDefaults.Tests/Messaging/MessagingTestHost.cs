using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.ServiceDefaults.Tests.Messaging;

/// <summary>A real host with the service defaults and the given handlers, for testing the messaging port end to end.</summary>
internal static class MessagingTestHost
{
    public static IHost Create(Action<IServiceCollection> registerHandlers, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        registerHandlers(builder.Services);
        return builder.Build();
    }

    public static IMessageBus Bus(this IHost host) => host.Services.GetRequiredService<IMessageBus>();
}
