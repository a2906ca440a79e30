using System.Net;
using System.Net.Sockets;
using AnomalyPlatform.Detector;
using AnomalyPlatform.Generator;
using AnomalyPlatform.RootCause;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using GeneratorRuns = AnomalyPlatform.Generator.Runs.RunEndpoints;
using RootCauseRuns = AnomalyPlatform.RootCause.Runs.RunEndpoints;

namespace AnomalyPlatform.EndToEnd.Tests.Services;

/// <summary>
/// The three long-running services with their HTTP APIs in one web host on a free loopback port, over the in-process
/// bus: what the Aspire application runs as separate processes over SQS, wired by the same extension methods.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceHost(WebApplication app, string outputDirectory, Uri address)
    {
        _app = app;
        OutputDirectory = outputDirectory;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string OutputDirectory { get; }

    public HttpClient Client { get; }

    public static async Task<ServiceHost> StartAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "anomaly-services-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Output:Directory"] = output,
            // RootCause's API is on this host too.
            ["RunStatus:BaseUrl"] = $"http://127.0.0.1:{port}",
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddGeneratorService();
        builder.AddDetector();
        builder.AddRootCauseService();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        GeneratorRuns.MapRunEndpoints(app);
        RootCauseRuns.MapRunEndpoints(app);
        await app.StartAsync();
        return new ServiceHost(app, output, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
