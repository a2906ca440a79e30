using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AnomalyPlatform.AppHost.Tests;

/// <summary>
/// The Aspire application end to end: runs started over HTTP come out byte-identical to the embedded pipeline's, even
/// when a detector replica dies mid-run. The tests share one application and do not depend on their order: each needs
/// only one live detector replica.
/// </summary>
public sealed partial class DistributedRunTests(PlatformApp platform, ITestOutputHelper output) : IClassFixture<PlatformApp>
{
    private static readonly TimeSpan RunPatience = TimeSpan.FromMinutes(4);

    [Fact]
    public void Application_starts_with_the_emulator_generator_rootcause_and_two_healthy_detector_replicas()
    {
        output.WriteLine($"all resources healthy {platform.TimeToHealthy.TotalSeconds:F1} s after CreateAsync");

        Assert.Equal(PlatformApp.DetectorReplicas, platform.HealthyReplicas.Count);
        Assert.Equal(PlatformApp.DetectorReplicas, platform.HealthyReplicas.Select(r => r.ProcessId).Distinct().Count());
    }

    [Fact]
    public async Task Run_started_over_http_completes_with_anomalies_identical_to_the_embedded_run()
    {
        using var timeout = new CancellationTokenSource(RunPatience);
        var runs = Runs();
        var runId = RunApi.NewRunId("http");
        var stopwatch = Stopwatch.StartNew();

        var accepted = await runs.StartAsync($$"""{"records": 20000, "seed": 7, "run_id": "{{runId}}"}""", timeout.Token);
        var status = await runs.WaitUntilFinishedAsync(runId, timeout.Token);
        // The generator's answer links the status on rootcause, absolute, and a client following it gets the run.
        using var client = new HttpClient();
        var followed = JsonNode.Parse(await client.GetStringAsync((string?)accepted["status"], timeout.Token))!;
        output.WriteLine($"run {runId} finished in {stopwatch.Elapsed.TotalSeconds:F1} s: {RunApi.Describe(status)}");
        var served = await runs.AnomaliesAsync(runId, timeout.Token);
        var embedded = await EmbeddedRun.AnomaliesAsync("--records", "20000", "--seed", "7", "--run-id", runId);

        Assert.Equal(20000, (long?)accepted["records"]);
        Assert.Equal(new Uri(platform.CreateHttpClient("rootcause").BaseAddress!, $"/runs/{runId}").AbsoluteUri, (string?)accepted["status"]);
        Assert.Equal(runId, (string?)followed["run_id"]);
        Assert.Equal("completed", (string?)status["status"]);
        Assert.True((int?)status["anomaly_count"] > 0, RunApi.Describe(status));
        Assert.Equal(runId, (string?)JsonNode.Parse(served)!["run_id"]);
        AssertSameBytes(embedded, served, "GET /runs/{id}/anomalies");
        AssertSameBytes(embedded, await File.ReadAllBytesAsync(RunFile(runId, "anomalies.json")), "anomalies.json in the run folder");
    }

    [Fact]
    public async Task Run_completes_with_anomalies_identical_to_the_embedded_run_when_a_detector_replica_is_killed_mid_segment()
    {
        using var timeout = new CancellationTokenSource(RunPatience);
        var runs = Runs();
        var runId = RunApi.NewRunId("kill");
        var stopwatch = Stopwatch.StartNew();
        // Watch every live replica for the moment it starts analysing a segment of this run, then kill that one.
        var live = platform.HealthyReplicas.Where(r => IsAlive(r.ProcessId)).ToList();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var analysing = live.Select(async replica =>
            (Replica: replica, Line: await WaitForAnalysingAsync(replica, runId, segment: null, watching.Token))).ToList();

        await runs.StartAsync($$"""{"records": 40000, "seed": 7, "segment_records": 10000, "run_id": "{{runId}}"}""", timeout.Token);
        var (victim, analysingLine) = await await Task.WhenAny(analysing);
        ResourceInstances.Kill(victim);
        var segment = SegmentPattern().Match(analysingLine).Groups["segment"].Value;
        output.WriteLine($"killed {victim.Id} (pid {victim.ProcessId}) while it analysed segment {segment}, {stopwatch.Elapsed.TotalSeconds:F1} s after the POST");
        await watching.CancelAsync();
        var status = await runs.WaitUntilFinishedAsync(runId, timeout.Token);
        output.WriteLine($"run {runId} finished in {stopwatch.Elapsed.TotalSeconds:F1} s: {RunApi.Describe(status)}");
        var served = await runs.AnomaliesAsync(runId, timeout.Token);
        var embedded = await EmbeddedRun.AnomaliesAsync("--records", "40000", "--seed", "7", "--segment-records", "10000", "--run-id", runId);
        // The killed replica's segment went back to the queue and another replica analysed it.
        using var logsReplayed = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        logsReplayed.CancelAfter(TimeSpan.FromSeconds(10));
        var takenOver = await Task.WhenAny(live.Where(r => r != victim).Select(r => WaitForAnalysingAsync(r, runId, segment, logsReplayed.Token)));

        Assert.True(live.Count >= 1, "No detector replica was left to kill.");
        Assert.False(IsAlive(victim.ProcessId));
        Assert.Equal("completed", (string?)status["status"]);
        Assert.Equal(4, (int?)status["segments_detected"]);
        Assert.True(takenOver.IsCompletedSuccessfully, $"No other replica logged analysing segment {segment} of run {runId}.");
        AssertSameBytes(embedded, served, "GET /runs/{id}/anomalies");
    }

    [Fact]
    public async Task Start_run_command_queues_a_run_with_the_generator_defaults()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var result = await platform.App.ResourceCommands.ExecuteCommandAsync("generator", "start-run", timeout.Token);

        Assert.True(result.Success, result.Message);
        output.WriteLine($"start-run: {result.Message} {result.Data}");
    }

    [Fact]
    public async Task Health_probes_and_status_reads_leave_no_information_lines_of_aspnetcore_in_the_services_logs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        // Every service was probed at /health until it was healthy; these reads add requests of the kind a client polls with.
        var runs = Runs();
        for (var i = 0; i < 3; i++)
        {
            await runs.StatusAsync("no-such-run", timeout.Token);
        }

        foreach (var resource in (string[])["generator", "detector", "rootcause"])
        {
            var lines = await ResourceInstances.LogLinesAsync(platform.App, resource, TimeSpan.FromSeconds(2), timeout.Token);

            Assert.NotEmpty(lines);
            // The categories that write every request at Information: "Request starting", "Executing endpoint", ...
            Assert.DoesNotContain(lines, line => line.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal)
                || line.Contains("Microsoft.AspNetCore.Routing.EndpointMiddleware", StringComparison.Ordinal));
        }
    }

    /// <summary>The detector's log line on starting a segment of the run (any segment when <paramref name="segment"/> is null).</summary>
    private Task<string> WaitForAnalysingAsync(ResourceInstance replica, string runId, string? segment, CancellationToken cancellationToken) =>
        ResourceInstances.WaitForLogLineAsync(platform.App, replica.Id, line =>
                SegmentPattern().Match(line) is { Success: true } match
                && match.Groups["run"].Value == runId
                && (segment is null || match.Groups["segment"].Value == segment),
            cancellationToken);

    [GeneratedRegex(@"Run (?<run>\S+) segment (?<segment>\d+/\d+): analysing")]
    private static partial Regex SegmentPattern();

    private RunApi Runs() => new(platform.CreateHttpClient("generator"), platform.CreateHttpClient("rootcause"));

    private string RunFile(string runId, string file) => Path.Combine(platform.OutputDirectory, runId, file);

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual, string what) =>
        Assert.True(expected.AsSpan().SequenceEqual(actual),
            $"{what} ({actual.Length} bytes) differs from the embedded run's anomalies.json ({expected.Length} bytes)");
}
