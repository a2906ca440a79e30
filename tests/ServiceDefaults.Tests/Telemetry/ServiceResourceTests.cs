using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AnomalyPlatform.ServiceDefaults.Tests.Telemetry;

/// <summary>
/// The resource every service's telemetry is exported under: the Aspire dashboard links a replica's logs, traces and
/// metrics to its resource (<c>detector-bamydyty</c>) by the <c>service.instance.id</c> Aspire passes in the environment.
/// </summary>
public sealed class ServiceResourceTests
{
    [Fact]
    public void Service_instance_id_and_name_from_the_environment_win_over_the_generated_defaults()
    {
        var resource = ResourceOf(new()
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=bamydyty",
            ["OTEL_SERVICE_NAME"] = "detector",
        });

        Assert.Equal("bamydyty", resource["service.instance.id"]);
        Assert.Equal("detector", resource["service.name"]);
    }

    [Fact]
    public void A_process_started_without_resource_attributes_gets_its_application_name_and_a_unique_instance_id()
    {
        var resource = ResourceOf([]);

        Assert.Equal("anomaly-test-service", resource["service.name"]);
        Assert.True(Guid.TryParse((string)resource["service.instance.id"], out _), $"service.instance.id is {resource["service.instance.id"]}");
    }

    private static Dictionary<string, object> ResourceOf(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "anomaly-test-service",
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.ConfigureOpenTelemetry();
        using var host = builder.Build();

        var tracerProvider = host.Services.GetRequiredService<TracerProvider>();
        return tracerProvider.GetResource().Attributes.ToDictionary(pair => pair.Key, pair => pair.Value);
    }
}
