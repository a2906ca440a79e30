using Spectre.Console;

namespace AnomalyPlatform.Cli.Distributed;

/// <summary>
/// The services of one distributed run. Streams their output with a prefix, reports the first one that exits, and kills
/// them all when disposed, when this process exits, or on Ctrl+C.
/// </summary>
internal sealed class ServiceGroup : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];
    private readonly IAnsiConsole _console;
    private readonly Lock _consoleGate = new();
    private readonly int _nameWidth;

    private ServiceGroup(IAnsiConsole console, int nameWidth)
    {
        _console = console;
        _nameWidth = nameWidth;
        // Disposal may not run when the process is torn down (an unhandled exception, SIGTERM): no service outlives the run.
        AppDomain.CurrentDomain.ProcessExit += KillAll;
    }

    public static ServiceGroup Start(IAnsiConsole console, IEnumerable<ServiceDefinition> services, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var definitions = services.ToList();
        // One column wider than the longest name, so that every service's lines line up.
        var group = new ServiceGroup(console, definitions.Max(service => service.Name.Length) + 1);
        try
        {
            foreach (var service in definitions)
            {
                var process = ServiceProcess.Start(service, environment, workingDirectory, group.Print);
                group._processes.Add(process);
                group.Print(service, $"started: dotnet {service.AssemblyFile} (pid {process.ProcessId})");
            }
        }
        catch
        {
            group.KillAll(null, EventArgs.Empty);
            throw;
        }

        return group;
    }

    /// <summary>The services' exits, in the order they happen, each with its exit code; while the run goes on, none should.</summary>
    public async IAsyncEnumerable<(ServiceDefinition Service, int ExitCode)> ExitsAsync()
    {
        var running = _processes.ToList();
        while (running.Count > 0)
        {
            var first = await Task.WhenAny(running.Select(process => process.Exited)).ConfigureAwait(false);
            var process = running.First(candidate => candidate.Exited == first);
            running.Remove(process);
            yield return (process.Service, await first.ConfigureAwait(false));
        }
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
            _console.MarkupLineInterpolated($"[grey]{service.Name.PadRight(_nameWidth)}|[/] {line}");
        }
    }
}
