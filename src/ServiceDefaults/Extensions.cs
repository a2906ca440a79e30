using AnomalyPlatform.ServiceDefaults.Health;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.ServiceDefaults;

/// <summary>The one call every service makes: OpenTelemetry, health checks, the messaging port and progress reporting.</summary>
public static class Extensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddMessaging();
        builder.Services.AddOptions<OutputOptions>()
            .Bind(builder.Configuration.GetSection(OutputOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // A host that shows progress itself (the embedded CLI) registers its own reporter first.
        builder.Services.TryAddSingleton<IStageProgress, LoggingStageProgress>();
        return builder;
    }
}
