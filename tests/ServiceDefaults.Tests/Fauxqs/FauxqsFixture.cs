using AnomalyPlatform.LocalEmulator;

namespace AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;

/// <summary>
/// One fauxqs emulator for every SQS test of this process: installed with npm on first use, started on a free port,
/// and killed at the end. The AWS SDK finds it through the standard <c>AWS_ENDPOINT_URL_SQS</c>/<c>_S3</c> variables,
/// the same way a deployed service finds its endpoint, with dummy credentials.
/// </summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    private FauxqsServer? _server;

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        if (Environment.GetEnvironmentVariable("FAUXQS_ENDPOINT") is { Length: > 0 } external)
        {
            Endpoint = new Uri(external);
        }
        else
        {
            var installation = await FauxqsInstaller.EnsureInstalledAsync(progress: null, timeout.Token);
            _server = await FauxqsServer.StartAsync(installation, timeout.Token);
            Endpoint = _server.Endpoint;
        }

        // Process-wide, but every SQS test of this process shares this one emulator, so the values never change under a test.
        var endpoint = Endpoint.ToString().TrimEnd('/');
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SQS", endpoint);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", endpoint);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The tests that share the emulator.</summary>
[CollectionDefinition(Name)]
public sealed class FauxqsCollection : ICollectionFixture<FauxqsFixture>
{
    public const string Name = "fauxqs";
}
