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

        // The application name is only a default: a deployment that sets OTEL_SERVICE_NAME names itself.
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } configured ? configured : builder.Environment.ApplicationName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
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
}
