using System.Text.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Tests.Runs;

public sealed class RunRegistryTests
{
    private static RunRegistry Registry() =>
        new(Options.Create(new OutputOptions { Directory = "/data/out", FolderPerRun = true }), TimeProvider.System);

    private static RunStarted Started(string runId) =>
        new(20_000, 7, 0.02, 0.01, 10_000, 2, new DateTime(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc)) { RunId = runId };

    [Fact]
    public void A_started_run_is_running_in_its_own_folder_and_counts_its_detected_segments()
    {
        var registry = Registry();
        registry.OnStarted(Started("r-a"));
        registry.OnSegmentDetected("r-a", 1);

        var status = registry.Find("r-a")!;
        Assert.Equal((RunState.Running, 20_000L, 7, 2, 1), (status.Status, status.Records, status.Seed, status.Segments, status.SegmentsDetected));
        Assert.Equal(Path.GetFullPath("/data/out/r-a"), status.OutputDirectory);
        Assert.Null(registry.Find("r-b"));
    }

    [Fact]
    public void A_failed_generation_fails_the_run_and_a_completed_run_stays_completed()
    {
        var registry = Registry();
        registry.OnStarted(Started("r-fail"));
        registry.OnStarted(Started("r-done"));

        registry.OnGenerated(new RunGenerated(0, 0, 1, 100, "disk full") { RunId = "r-fail" });
        registry.OnCompleted("r-done", 12, 3, evaluation: null);
        registry.OnFailed("r-done", "late dead letter");

        Assert.Equal(RunState.Failed, registry.Find("r-fail")!.Status);
        Assert.Contains("disk full", registry.Find("r-fail")!.Error, StringComparison.Ordinal);
        var done = registry.Find("r-done")!;
        Assert.Equal((RunState.Completed, 12, 3), (done.Status, done.AnomalyCount, done.IncidentCount));
        Assert.Null(done.Error);
    }

    [Fact]
    public void A_run_without_injected_incidents_answers_null_accuracies()
    {
        var registry = Registry();
        registry.OnStarted(Started("r-calm"));

        registry.OnCompleted("r-calm", 0, 0, new EvaluationReport(1_000, new Dictionary<string, ModelReport>(), new RootCauseReport(0, 0, null, null)));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(registry.Find("r-calm")!, RunStatusJsonContext.Default.RunStatus));
        var evaluation = json.RootElement.GetProperty("evaluation");
        Assert.Equal(JsonValueKind.Null, evaluation.GetProperty("ac_at_1").ValueKind);
        Assert.Equal(JsonValueKind.Null, evaluation.GetProperty("ac_at_3").ValueKind);
    }

    [Fact]
    public void A_completed_runs_status_carries_its_accuracy_at_the_instance()
    {
        var registry = Registry();
        registry.OnStarted(Started("r-hog"));

        registry.OnCompleted("r-hog", 9, 1, new EvaluationReport(1_000, new Dictionary<string, ModelReport>(), new RootCauseReport(2, 2, 1, 1) { AcAt1Instance = 0.5 }));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(registry.Find("r-hog")!, RunStatusJsonContext.Default.RunStatus));
        Assert.Equal(0.5, json.RootElement.GetProperty("evaluation").GetProperty("ac_at_1_instance").GetDouble());
    }

    [Fact]
    public async Task A_dead_lettered_message_of_a_run_fails_that_run_only()
    {
        var registry = Registry();
        registry.OnStarted(Started("r-poisoned"));
        registry.OnStarted(Started("r-fine"));
        var deadLetters = new DeadLetterLog();
        var watch = new RunFailureWatch(deadLetters, new TransportFailureLog(), registry);
        await watch.StartAsync(CancellationToken.None);

        deadLetters.Add(new DeadLetter(nameof(TelemetrySegment), "r-poisoned/segment/1", 3, "cannot decode"));
        deadLetters.Add(new DeadLetter(nameof(TelemetrySegment), "stray", 3, "not ours"));
        await watch.StopAsync(CancellationToken.None);

        var poisoned = registry.Find("r-poisoned")!;
        Assert.Equal(RunState.Failed, poisoned.Status);
        Assert.Contains("r-poisoned/segment/1 failed 3 times", poisoned.Error, StringComparison.Ordinal);
        Assert.Equal(RunState.Running, registry.Find("r-fine")!.Status);
    }

    [Fact]
    public async Task A_queue_found_gone_and_created_again_fails_the_runs_still_running_and_a_run_that_completes_after_all_is_completed()
    {
        var registry = Registry();
        registry.OnStarted(Started("r-done"));
        registry.OnCompleted("r-done", 0, 0, null);
        registry.OnStarted(Started("r-waiting"));
        registry.OnStarted(Started("r-lucky"));
        var transport = new TransportFailureLog();
        var watch = new RunFailureWatch(new DeadLetterLog(), transport, registry);
        await watch.StartAsync(CancellationToken.None);

        transport.AddRecreated(new RecreatedQueue("anomaly-detections", new DateTime(2026, 12, 6, 1, 2, 3, DateTimeKind.Utc)));
        await watch.StopAsync(CancellationToken.None);
        registry.OnCompleted("r-lucky", 3, 1, null);

        var waiting = registry.Find("r-waiting")!;
        Assert.Equal(RunState.Failed, waiting.Status);
        Assert.StartsWith("queue anomaly-detections was found gone at 2026-12-06 01:02:03 UTC and created again", waiting.Error, StringComparison.Ordinal);
        Assert.Contains("start it again", waiting.Error, StringComparison.Ordinal);
        Assert.Equal((RunState.Completed, (string?)null), (registry.Find("r-done")!.Status, registry.Find("r-done")!.Error));
        Assert.Equal((RunState.Completed, (string?)null), (registry.Find("r-lucky")!.Status, registry.Find("r-lucky")!.Error));
    }

    [Fact]
    public async Task A_queue_created_again_before_a_run_began_leaves_that_run_running()
    {
        // Another service's queue, deleted by hand and created again there, seen a little later: a run begun since is whole.
        var registry = Registry();
        registry.OnStarted(Started("r-before"));
        registry.OnStarted(Started("r-after") with { StartedAt = new DateTime(2026, 12, 6, 1, 2, 30, DateTimeKind.Utc) });
        var transport = new TransportFailureLog();
        var watch = new RunFailureWatch(new DeadLetterLog(), transport, registry);
        await watch.StartAsync(CancellationToken.None);

        transport.AddRecreated(new RecreatedQueue("anomaly-telemetry-segment", new DateTime(2026, 12, 6, 1, 2, 3, DateTimeKind.Utc)));
        await watch.StopAsync(CancellationToken.None);

        Assert.Equal(RunState.Failed, registry.Find("r-before")!.Status);
        Assert.Equal(RunState.Running, registry.Find("r-after")!.Status);
    }
}
