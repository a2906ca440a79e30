using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// A host lifetime that leaves Ctrl+C and SIGTERM to the command line: its cancellation token ends the run, which then
/// stops the host (and any service processes) itself and reports "Cancelled", instead of the host stopping on its own
/// and the run mistaking that for a failure.
/// </summary>
internal sealed class CommandLineLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
