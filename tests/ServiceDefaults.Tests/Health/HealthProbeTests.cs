using System.Net;
using System.Net.Sockets;
using AnomalyPlatform.ServiceDefaults.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AnomalyPlatform.ServiceDefaults.Tests.Health;

/// <summary>The container health probe: which address it asks, and its exit code against a live, a failing and an absent service.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public void Container_default_port_is_probed_on_loopback()
    {
        Assert.Equal(new Uri("http://127.0.0.1:8080/health"), HealthProbe.HealthUrl(urls: null, httpPorts: "8080"));
    }

    [Fact]
    public void First_of_several_http_ports_is_probed()
    {
        Assert.Equal(new Uri("http://127.0.0.1:9001/health"), HealthProbe.HealthUrl(urls: "", httpPorts: "9001;9002"));
    }

    [Fact]
    public void Urls_win_over_http_ports_as_in_kestrel()
    {
        Assert.Equal(new Uri("http://127.0.0.1:9000/health"), HealthProbe.HealthUrl(urls: "http://+:9000", httpPorts: "8080"));
    }

    [Fact]
    public void First_http_url_is_probed_and_a_named_host_kept()
    {
        Assert.Equal(
            new Uri("http://10.0.0.5:7000/health"),
            HealthProbe.HealthUrl(urls: "https://*:7001;http://10.0.0.5:7000/base", httpPorts: null));
    }

    [Fact]
    public void Kestrel_default_port_is_probed_when_nothing_is_set()
    {
        Assert.Equal(new Uri("http://127.0.0.1:5000/health"), HealthProbe.HealthUrl(urls: null, httpPorts: null));
    }

    [Fact]
    public void Probe_is_requested_only_by_the_flag_first()
    {
        Assert.True(HealthProbe.IsRequested(["--health-probe"]));
        Assert.False(HealthProbe.IsRequested(["--urls", "http://+:80", "--health-probe"]));
        Assert.False(HealthProbe.IsRequested([]));
    }

    [Fact]
    public async Task Probe_exits_zero_when_health_answers_200()
    {
        await using var app = await StartServiceAsync(HealthCheckResult.Healthy());

        var exitCode = await HealthProbe.RunAsync([HealthProbe.Flag, HealthUrlOf(app)]);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Probe_exits_one_when_a_health_check_fails()
    {
        await using var app = await StartServiceAsync(HealthCheckResult.Unhealthy("down"));

        var exitCode = await HealthProbe.RunAsync([HealthProbe.Flag, HealthUrlOf(app)]);

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task Probe_exits_one_when_nothing_listens()
    {
        var exitCode = await HealthProbe.RunAsync([HealthProbe.Flag, $"http://127.0.0.1:{UnusedPort()}/health"]);

        Assert.Equal(1, exitCode);
    }

    private static async Task<WebApplication> StartServiceAsync(HealthCheckResult result)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddDefaultHealthChecks();
        builder.Services.AddHealthChecks().AddCheck("dependency", () => result);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static string HealthUrlOf(WebApplication app) =>
app.Urls.Single() + HealthCheckExtensions.HealthPath;

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
