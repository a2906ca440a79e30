using System.Diagnostics;

namespace AnomalyPlatform.Cli.Distributed;

/// <summary>One service running as a child process (<c>dotnet &lt;service&gt;.dll</c>); its output goes line by line to a callback. Disposing kills it.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(10);

    private readonly Process _process;

    private ServiceProcess(ServiceDefinition service, Process process)
    {
        Service = service;
        _process = process;
        Exited = WaitForExitCodeAsync(process);
    }

    public ServiceDefinition Service { get; }

    /// <summary>The operating system's process id, printed at start so that an operator can find (or stop) the service.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Completes with the exit code when the process ends, for whatever reason.</summary>
    public Task<int> Exited { get; }

    public static ServiceProcess Start(
        ServiceDefinition service, IReadOnlyDictionary<string, string> environment, string workingDirectory, Action<ServiceDefinition, string> onLine)
    {
        var start = new ProcessStartInfo(DotnetMuxer.Path())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(service.AssemblyPath);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) onLine(service, line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) onLine(service, line.Data); };
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {start.FileName} {service.AssemblyPath}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(service, process);
    }

    /// <summary>Kills the process (and anything it started) if it still runs.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        // Task<int> cannot suppress throwing; the exit code is of no interest once the process is being killed.
        await ((Task)Exited.WaitAsync(ExitPatience)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }
}
