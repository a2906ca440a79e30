using Amazon.SQS;
using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;

namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>
/// What waiting cannot cure mid-run: the emulator restarted (its queues, and the messages on them, gone) or down for
/// longer than the outage tolerance. The run says so and ends, instead of polling for messages that will never come.
/// </summary>
[Collection(SqsEmulatorCollection.Name)]
public sealed class SqsMidRunLossTests(FauxqsFixture fauxqs)
{
    // Ends by itself within seconds of the loss; this only keeps a regression (a run that waits for ever) from hanging the suite.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    // One segment: generation has sent everything by the time detection starts, so from then on the run only waits for
    // messages (the case that used to wait for ever), and detection is still under way when the test strikes.
    private static readonly string[] Run = ["--records", "100000", "--seed", "17"];

    [Fact]
    public async Task Run_whose_queues_vanish_mid_run_ends_with_a_clear_error_instead_of_waiting_for_ever()
    {
        var prefix = $"e2e-gone-{Guid.NewGuid():N}"[..20] + "-";
        var deletion = Task.CompletedTask;
        var struck = 0;

        var (exitCode, console) = await RunOverSqsAsync(fauxqs.Endpoint.ToString().TrimEnd('/'), prefix, toleranceSeconds: 120, line =>
        {
            // What a restarted emulator looks like to the run: every queue of the run is gone, with its messages.
            if (GenerationSentAndDetectionStarted(line) && Interlocked.Exchange(ref struck, 1) == 0)
            {
                deletion = DeleteQueuesAsync(prefix);
            }
        });

        await deletion;
        Assert.Equal(1, struck);
        Assert.True(exitCode == EmbeddedPipeline.Failed, console);
        Assert.Contains("no longer has the run's queues or bucket", console);
        Assert.Contains("run it again", console);
        Assert.DoesNotContain("   at ", console);
    }

    [Fact]
    public async Task Run_whose_queue_vanishes_where_only_a_receive_sees_it_ends_instead_of_creating_the_queue_again()
    {
        var prefix = $"e2e-idle-{Guid.NewGuid():N}"[..20] + "-";
        // The run's end: until the root-cause stage sends it, only the command line's own consumer polls its queue, so
        // a receive is the only call to meet the loss, the case in which a long-running service creates the queue again.
        var queue = SqsQueueNaming.QueueFor(prefix, typeof(RootCauseCompleted));
        var deletion = Task.CompletedTask;
        var struck = 0;

        var (exitCode, console) = await RunOverSqsAsync(fauxqs.Endpoint.ToString().TrimEnd('/'), prefix, toleranceSeconds: 120, line =>
        {
            if (GenerationSentAndDetectionStarted(line) && Interlocked.Exchange(ref struck, 1) == 0)
            {
                deletion = DeleteQueuesAsync(queue);
            }
        }, pollSeconds: 1);

        await deletion;
        Assert.Equal(1, struck);
        Assert.True(exitCode == EmbeddedPipeline.Failed, console);
        Assert.Contains("no longer has the run's queues or bucket", console);
        Assert.Contains($"ReceiveMessage on {queue}", console);
    }

    [Fact]
    public async Task Run_that_fails_mid_run_leaves_no_earlier_run_s_results_beside_its_own_data()
    {
        var prefix = $"e2e-stale-{Guid.NewGuid():N}"[..20] + "-";
        var directory = Path.Combine(Path.GetTempPath(), "anomaly-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string[] earlierResults = ["anomalies.json", "evaluation.json", "performance.json", "report.html"];
        foreach (var file in earlierResults)
        {
            var path = Path.Combine(directory, file);
            await File.WriteAllTextAsync(path, "an earlier run's result");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        }

        var deletion = Task.CompletedTask;
        try
        {
            var (exitCode, console) = await RunOverSqsAsync(fauxqs.Endpoint.ToString().TrimEnd('/'), prefix, toleranceSeconds: 120, line =>
            {
                if (GenerationSentAndDetectionStarted(line))
                {
                    deletion = DeleteQueuesAsync(prefix);
                }
            }, directory);
            await deletion;

            Assert.True(exitCode == EmbeddedPipeline.Failed, console);
            Assert.All(earlierResults, file => Assert.False(File.Exists(Path.Combine(directory, file)), $"{file} of the earlier run is still there"));
            // What this run wrote before it failed stays, and is said to be possibly incomplete.
            Assert.True(File.Exists(Path.Combine(directory, "synthetic_data.csv")));
            Assert.Contains("may be incomplete", console);
            Assert.Contains("Removed an earlier run's anomalies.json", console);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Run_whose_endpoint_stays_down_past_the_outage_tolerance_ends_with_a_clear_error()
    {
        await using var proxy = new TcpOutageProxy(fauxqs.Endpoint);
        proxy.Up();
        var cut = 0;

        var (exitCode, console) = await RunOverSqsAsync(proxy.Endpoint, prefix: null, toleranceSeconds: 5, line =>
        {
            if (GenerationSentAndDetectionStarted(line) && Interlocked.Exchange(ref cut, 1) == 0)
            {
                proxy.Down();
            }
        });

        Assert.Equal(1, cut);
        Assert.True(exitCode == EmbeddedPipeline.Failed, console);
        Assert.Contains($"SQS/S3 at {proxy.Endpoint} has failed for", console);
        Assert.Contains("past Messaging:Sqs:OutageToleranceSeconds", console);
        Assert.DoesNotContain("   at ", console);
    }

    private int _stagesSeen;

    /// <summary>True on the line that completes the pair "generate done" and "detect started", in whichever order they come.</summary>
    private bool GenerationSentAndDetectionStarted(string line) =>
        (line.Contains("generate done", StringComparison.Ordinal) || line.Contains("detect started", StringComparison.Ordinal))
        && Interlocked.Increment(ref _stagesSeen) == 2;

    /// <summary>The run in a process of its own, into <paramref name="keptDirectory"/> if given, else into a temporary folder removed after.</summary>
    /// <param name="pollSeconds">The consumers' long-poll wait, when not the default 20 s.</param>
    private static async Task<(int ExitCode, string Console)> RunOverSqsAsync(
        string endpoint, string? prefix, int toleranceSeconds, Action<string> onLine, string? keptDirectory = null, int? pollSeconds = null)
    {
        var directory = keptDirectory ?? Path.Combine(Path.GetTempPath(), "anomaly-e2e-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_SQS"] = endpoint,
            ["AWS_ENDPOINT_URL_S3"] = endpoint,
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_REGION"] = "us-east-1",
            ["Messaging__Sqs__OutageToleranceSeconds"] = toleranceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (prefix is not null)
        {
            environment["Messaging__Sqs__QueuePrefix"] = prefix;
        }

        if (pollSeconds is { } seconds)
        {
            environment["Messaging__Sqs__WaitTimeSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        try
        {
            var (exitCode, console, _, _) = await CliProcess.RunAsync(environment, Patience, onLine, ["run", .. Run, "--out", directory, "--transport", "sqs"]);
            return (exitCode, console);
        }
        finally
        {
            if (keptDirectory is null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Deletes every queue whose name starts with <paramref name="prefix"/> (a queue's own name deletes it and its dead-letter queue).</summary>
    private async Task DeleteQueuesAsync(string prefix)
    {
        // The fixture's AWS_* variables give the client its endpoint and credentials.
        using var sqs = new AmazonSQSClient(new AmazonSQSConfig { ServiceURL = fauxqs.Endpoint.ToString() });
        var queues = await sqs.ListQueuesAsync(prefix);
        foreach (var url in queues.QueueUrls ?? [])
        {
            await sqs.DeleteQueueAsync(url);
        }
    }
}
