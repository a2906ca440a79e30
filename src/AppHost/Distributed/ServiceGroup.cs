using Spectre.Console;

namespace AnomalyPlatform.AppHost.Distributed;

/// <summary>
/// The services of one distributed run. Streams their output with a prefix, reports the first one that exits, and kills
/// them all when disposed, when this process exits, or on Ctrl+C.
/// </summary>
internal sealed class ServiceGroup : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];
    private readonly IAnsiConsole _console;
    private readonly Lock _consoleGate = new();

    private ServiceGroup(IAnsiConsole console)
    {
        _console = console;
        // Disposal may not run when the process is torn down (an unhandled exception, SIGTERM): no service outlives the run.
        AppDomain.CurrentDomain.ProcessExit += KillAll;
    }

    public static ServiceGroup Start(IAnsiConsole console, IEnumerable<ServiceDefinition> services, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var group = new ServiceGroup(console);
        try
        {
            foreach (var service in services)
            {
                group._processes.Add(ServiceProcess.Start(service, environment, workingDirectory, group.Print));
                group.Print(service, $"started: dotnet {service.AssemblyFile}");
            }
        }
        catch
        {
            group.KillAll(null, EventArgs.Empty);
            throw;
        }

        return group;
    }

    /// <summary>Completes when any service exits, with that service and its exit code; while the run goes on, none should.</summary>
    public async Task<(ServiceDefinition Service, int ExitCode)> FirstExitAsync()
    {
        var first = await Task.WhenAny(_processes.Select(process => process.Exited)).ConfigureAwait(false);
        var process = _processes.First(candidate => candidate.Exited == first);
        return (process.Service, await first.ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillAll;
        await Task.WhenAll(_processes.Select(process => process.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private void KillAll(object? sender, EventArgs e)
    {
        foreach (var process in _processes)
        {
            process.Kill();
        }
    }

    private void Print(ServiceDefinition service, string line)
    {
        lock (_consoleGate)
        {
            _console.MarkupLineInterpolated($"[grey]{service.Name,-9}|[/] {line}");
        }
    }
}
