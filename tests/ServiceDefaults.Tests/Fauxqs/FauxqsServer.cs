using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;

/// <summary>A running fauxqs process on a free loopback port; disposing kills it.</summary>
internal sealed class FauxqsServer : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private FauxqsServer(Process process, ConcurrentQueue<string> output, Uri endpoint)
    {
        _process = process;
        _output = output;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<FauxqsServer> StartAsync(FauxqsInstaller.Installation installation, CancellationToken cancellationToken)
    {
        // A free port can be taken by someone else between probing and binding; a few attempts make that harmless.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var output = new ConcurrentQueue<string>();
            var start = new ProcessStartInfo(installation.NodePath)
            {
                WorkingDirectory = installation.Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["FAUXQS_PORT"] = port.ToString(CultureInfo.InvariantCulture),
                    ["FAUXQS_HOST"] = "localhost",
                    ["FAUXQS_LOGGER"] = "false",
                },
            };
            start.ArgumentList.Add(installation.CliPath);
            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {installation.NodePath}.");
            process.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
            process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var server = new FauxqsServer(process, output, new Uri($"http://127.0.0.1:{port}"));
            if (await server.WaitUntilHealthyAsync(cancellationToken))
            {
                return server;
            }

            await server.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException(
                    $"fauxqs did not answer on {server.Endpoint}health within {StartPatience.TotalSeconds} s. Its output:\n{string.Join('\n', output)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
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
                using var response = await http.GetAsync(new Uri(Endpoint, "/health"), cancellationToken);
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

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
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
