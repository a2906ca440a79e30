using AnomalyPlatform.LocalEmulator;

namespace AnomalyPlatform.AppHost;

/// <summary>The local SQS/S3 emulator (fauxqs, a Node program) as an executable resource.</summary>
internal static class SqsEmulatorExtensions
{
    public const string EndpointName = "http";

    /// <summary>
    /// Installs fauxqs with npm on first use (a minute or so, once per machine), then adds it listening on
    /// <paramref name="port"/> itself (not proxied: the AWS SDK in every service is pointed straight at it), healthy when
    /// it answers <c>/health</c>.
    /// </summary>
    public static async Task<IResourceBuilder<ExecutableResource>> AddSqsEmulatorAsync(
        this IDistributedApplicationBuilder builder, string name, int port, CancellationToken cancellationToken = default)
    {
        var installation = await FauxqsInstaller.EnsureInstalledAsync(new ConsoleLines(name), cancellationToken).ConfigureAwait(false);
        var emulator = builder.AddExecutable(name, installation.NodePath, installation.Directory, [.. installation.Arguments])
            .WithHttpEndpoint(port: port, targetPort: port, name: EndpointName, env: FauxqsInstallation.PortVariable, isProxied: false)
            .WithHttpHealthCheck(FauxqsInstallation.HealthPath, endpointName: EndpointName);
        foreach (var (variable, value) in FauxqsInstallation.Environment)
        {
            emulator.WithEnvironment(variable, value);
        }

        return emulator;
    }

    /// <summary>Install progress on the console, in order (the dashboard does not exist yet).</summary>
    private sealed class ConsoleLines(string prefix) : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine($"{prefix}: {value}");
    }
}
