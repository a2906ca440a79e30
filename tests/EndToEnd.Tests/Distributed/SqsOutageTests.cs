using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;

namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>
/// The SQS endpoint down at start-up or for a while mid-run: the run logs its retries, waits, and completes once the
/// endpoint is back, with the results of an undisturbed run. The endpoint is fauxqs behind a proxy the test cuts.
/// </summary>
[Collection(SqsEmulatorCollection.Name)]
public sealed class SqsOutageTests(FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly string[] ComparedFiles = ["anomalies.json", "evaluation.json"];

    [Fact]
    public async Task Run_over_sqs_waits_out_an_endpoint_outage_mid_run_and_gives_the_undisturbed_results()
    {
        string[] run = ["--records", "30000", "--seed", "15", "--segment-records", "10000"];
        using var undisturbed = await PipelineRun.StartAsync(run);
        await using var proxy = new TcpOutageProxy(fauxqs.Endpoint);
        proxy.Up();
        var outage = Task.CompletedTask;
        var cut = 0;

        var (exitCode, console, directory) = await RunOverSqsAsync(proxy, line =>
        {
            // Once detection has begun, messages are in flight in every direction.
            if (line.Contains("detect started", StringComparison.Ordinal) && Interlocked.Exchange(ref cut, 1) == 0)
            {
                proxy.Down();
                outage = Task.Delay(Outage).ContinueWith(_ => proxy.Up(), TaskScheduler.Default);
            }
        }, run);

        try
        {
            await outage;
            Assert.True(exitCode == 0, console);
            Assert.Equal(1, cut);
            Assert.Contains("retrying in", console);
            // An outage is the surroundings' doing: each warning says what failed in a line, with no stack trace.
            Assert.DoesNotContain("   at ", console);
            AssertSameFiles(undisturbed.Directory, directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Run_started_while_the_endpoint_is_down_waits_for_it_and_completes()
    {
        string[] run = ["--records", "3000", "--seed", "16"];
        using var undisturbed = await PipelineRun.StartAsync(run);
        await using var proxy = new TcpOutageProxy(fauxqs.Endpoint);
        // Back once the run has found it down and said it retries, however long the process took to start on a busy
        // machine (a fixed delay could end before the first call); after a long while regardless, so a run that never
        // retries fails the assertion below rather than hanging.
        var retrying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var comesBack = Task.WhenAny(retrying.Task, Task.Delay(TimeSpan.FromMinutes(2)))
            .ContinueWith(_ => proxy.Up(), TaskScheduler.Default);

        var (exitCode, console, directory) = await RunOverSqsAsync(proxy, line =>
        {
            if (line.Contains("retrying in", StringComparison.Ordinal))
            {
                retrying.TrySetResult();
            }
        }, run);

        try
        {
            await comesBack;
            Assert.True(exitCode == 0, console);
            Assert.Contains("retrying in", console);
            AssertSameFiles(undisturbed.Directory, directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Console, string Directory)> RunOverSqsAsync(
        TcpOutageProxy proxy, Action<string>? onLine, string[] run)
    {
        var directory = Path.Combine(Path.GetTempPath(), "anomaly-e2e-" + Guid.NewGuid().ToString("N"));
        var (exitCode, console, _, _) = await CliProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL_SQS"] = proxy.Endpoint,
                ["AWS_ENDPOINT_URL_S3"] = proxy.Endpoint,
                ["AWS_ACCESS_KEY_ID"] = "test",
                ["AWS_SECRET_ACCESS_KEY"] = "test",
                ["AWS_REGION"] = "us-east-1",
            },
            Patience, onLine, ["run", .. run, "--out", directory, "--transport", "sqs"]);
        return (exitCode, console, directory);
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        foreach (var file in ComparedFiles)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))),
                $"{file} differs from the undisturbed run");
        }
    }
}
