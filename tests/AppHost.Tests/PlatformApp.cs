using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.AppHost.Tests;

/// <summary>
/// The whole Aspire application (emulator, generator, two detector replicas, rootcause) started once for the tests of
/// a class, on its own emulator port, queue prefix and run folder, so it runs beside a developer's AppHost on 4566.
/// </summary>
public sealed class PlatformApp : IAsyncLifetime
{
    public const int DetectorReplicas = 2;
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(5);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The application has not started.");

    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), "anomaly-apphost-" + Guid.NewGuid().ToString("N"));

    /// <summary>From <c>CreateAsync</c> until every resource, each replica included, reported healthy.</summary>
    public TimeSpan TimeToHealthy { get; private set; }

    /// <summary>The detector replicas (their DCP resource ids and process ids) once all were healthy.</summary>
    public IReadOnlyList<ResourceInstance> HealthyReplicas { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartPatience);
        var stopwatch = Stopwatch.StartNew();
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"--Output:Directory={OutputDirectory}",
            $"--Emulator:Port={FreePort()}",
            $"--Messaging:Sqs:QueuePrefix=apphost-test-{Guid.NewGuid().ToString("N")[..6]}-",
            $"--Detector:Replicas={DetectorReplicas}",
        ], timeout.Token);
        // Until the services listen, every health probe logs a failure with its stack trace: expected, and not worth reading.
        // The tests' own HTTP calls (polling) log two lines each; the services' logs stay, for when a test fails.
        appHost.Services.AddLogging(logging => logging
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));
        _app = await appHost.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);

        foreach (var resource in (string[])["sqs-emulator", "generator", "rootcause"])
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        HealthyReplicas = await ResourceInstances.WaitForHealthyReplicasAsync(_app, "detector", DetectorReplicas, timeout.Token);
        TimeToHealthy = stopwatch.Elapsed;
    }

    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }
    }

    /// <summary>The emulator binds its port itself (not proxied), so the testing builder does not randomise it.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
