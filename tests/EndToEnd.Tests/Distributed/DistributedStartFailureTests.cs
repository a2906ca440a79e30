using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AnomalyPlatform.AppHost.Distributed;
using AnomalyPlatform.AppHost.Embedded;

namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>A distributed run that cannot work says why and ends, instead of starting services or hanging.</summary>
public sealed class DistributedStartFailureTests
{
    // Well above PipelineStartup.StartTimeout: the run must end by itself, this only keeps a regression from hanging the suite.
    private static readonly TimeSpan Patience = PipelineStartup.StartTimeout * 2;

    [Fact]
    public async Task Unreachable_sqs_endpoint_ends_the_run_with_a_clear_error_and_a_non_zero_exit_code()
    {
        var closedPort = ClosedPort();
        var output = Path.Combine(Path.GetTempPath(), "anomaly-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A separate process: the endpoint variables are process-wide, and the other SQS tests need the emulator's.
            var (exitCode, console) = await RunAppHostAsync(
                new Dictionary<string, string>
                {
                    ["AWS_ENDPOINT_URL_SQS"] = $"http://127.0.0.1:{closedPort}",
                    ["AWS_ENDPOINT_URL_S3"] = $"http://127.0.0.1:{closedPort}",
                    ["AWS_ACCESS_KEY_ID"] = "test",
                    ["AWS_SECRET_ACCESS_KEY"] = "test",
                    ["AWS_REGION"] = "us-east-1",
                },
                "run", "--records", "1000", "--out", output, "--transport", "sqs", "--distributed");

            Assert.Equal(EmbeddedPipeline.Failed, exitCode);
            Assert.Contains($"Could not reach SQS/S3 at http://127.0.0.1:{closedPort}", console);
            Assert.DoesNotContain("started: dotnet", console);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Several_detectors_are_refused_with_the_reason()
    {
        using var run = await PipelineRun.StartAsync("--records", "1000", "--transport", "sqs", "--distributed", "--detectors", "2");

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, run.ExitCode);
        Assert.Contains("--detectors 2 is refused", run.Console);
        Assert.Contains("stateless", run.Console);
    }

    [Fact]
    public async Task Distributed_run_over_the_in_process_bus_is_refused()
    {
        using var run = await PipelineRun.StartAsync("--records", "1000", "--distributed");

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, run.ExitCode);
        Assert.Contains("--distributed needs --transport sqs", run.Console);
    }

    private static async Task<(int ExitCode, string Console)> RunAppHostAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetMuxer.Path())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AnomalyPlatform.AppHost.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // Wide lines, so that the message is not wrapped in the middle of what the test looks for.
        start.Environment["COLUMNS"] = "400";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The run did not end within {Patience.TotalSeconds} s of an unreachable endpoint:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
