using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AnomalyPlatform.LocalEmulator;

/// <summary>A fauxqs process started by this process on a free loopback port; disposing kills it.</summary>
public sealed class FauxqsServer : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private FauxqsServer(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<FauxqsServer> StartAsync(FauxqsInstallation installation, CancellationToken cancellationToken)
    {
        // A free port can be taken by someone else between probing and binding; a few attempts make that harmless.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var (server, output) = await TryStartAsync(installation, port, cancellationToken).ConfigureAwait(false);
            if (server is not null)
            {
                return server;
            }

            if (attempt == 3)
            {
                throw NotHealthy(FauxqsInstallation.EndpointFor(port), output);
            }
        }
    }

    /// <summary>
    /// Starts fauxqs on <paramref name="port"/>, typically that of one just disposed: the same endpoint, empty, as an
    /// emulator that was restarted (fauxqs keeps its queues, messages and buckets in memory).
    /// </summary>
    public static async Task<FauxqsServer> StartAsync(FauxqsInstallation installation, int port, CancellationToken cancellationToken)
    {
        var (server, output) = await TryStartAsync(installation, port, cancellationToken).ConfigureAwait(false);
        return server ?? throw NotHealthy(FauxqsInstallation.EndpointFor(port), output);
    }

    private static async Task<(FauxqsServer? Server, IEnumerable<string> Output)> TryStartAsync(
        FauxqsInstallation installation, int port, CancellationToken cancellationToken)
    {
        var output = new ConcurrentQueue<string>();
        var start = new ProcessStartInfo(installation.NodePath)
        {
            WorkingDirectory = installation.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[FauxqsInstallation.PortVariable] = port.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in FauxqsInstallation.Environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in installation.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {installation.NodePath}.");
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new FauxqsServer(process, FauxqsInstallation.EndpointFor(port));
        if (await server.WaitUntilHealthyAsync(cancellationToken).ConfigureAwait(false))
        {
            return (server, output);
        }

        await server.DisposeAsync().ConfigureAwait(false);
        return (null, output);
    }

    private static InvalidOperationException NotHealthy(Uri endpoint, IEnumerable<string> output) => new(
        $"fauxqs did not answer on {new Uri(endpoint, FauxqsInstallation.HealthPath)} within {StartPatience.TotalSeconds} s. " +
        $"Its output:\n{string.Join('\n', output)}");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task<bool> WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartPatience;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, FauxqsInstallation.HealthPath), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
