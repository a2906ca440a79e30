using AnomalyPlatform.ServiceDefaults.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AnomalyPlatform.ServiceDefaults.Telemetry;

/// <summary>OpenTelemetry logging, metrics and tracing for every service, exported over OTLP when configured.</summary>
public static class OpenTelemetryExtensions
{
    /// <summary>Every ActivitySource and Meter of the platform starts with this prefix.</summary>
    public const string SourcePrefix = "AnomalyPlatform";

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(ConfigureResource(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddRuntimeInstrumentation()
                .AddHttpClientInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddMeter(SourcePrefix + ".*"))
            .WithTracing(tracing => tracing
                // The wildcard takes in every source of the platform: AnomalyPlatform.Messaging, AnomalyPlatform.Pipeline.
                .AddSource(SourcePrefix + ".*")
                .AddHttpClientInstrumentation()
                // The orchestrator's health probes, every few seconds, and reads (a script polling a run's status every
                // second) are plumbing: they would bury the runs' traces. Their counts and latencies stay in the
                // http.server metrics; requests that change something (POST /runs) are traced.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context =>
                    !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                    && !context.Request.Path.StartsWithSegments(HealthCheckExtensions.HealthPath)
                    && !context.Request.Path.StartsWithSegments(HealthCheckExtensions.AlivePath)));

        // The standard variable switches the exporter on, so the Aspire dashboard or any OTLP backend receives
        // telemetry without code changes; with no endpoint nothing is exported and nothing is slowed.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// The process's resource: the application name and a fresh <c>service.instance.id</c> as defaults, then whatever
    /// the environment says (<c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_SERVICE_NAME</c>), which wins. Aspire names each
    /// replica in <c>OTEL_RESOURCE_ATTRIBUTES</c> (<c>service.instance.id=bamydyty</c> for <c>detector-bamydyty</c>), and the
    /// dashboard links telemetry to that resource only by it: <c>AddService</c> alone came after the SDK's own reading of
    /// the environment and replaced that id with a random one, so every replica's logs and traces belonged to no resource.
    /// A process started outside Aspire (compose, ECS, <c>dotnet run</c>) keeps the random id, one per process.
    /// </summary>
    internal static Action<ResourceBuilder> ConfigureResource(string applicationName) => resource => resource
        .AddService(applicationName, autoGenerateServiceInstanceId: true)
        .AddEnvironmentVariableDetector();
}
