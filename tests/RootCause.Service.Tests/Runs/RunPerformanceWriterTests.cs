using System.Text.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.RootCause.Tests.Runs;

/// <summary>
/// <c>performance.json</c> of a run through the services: every stage's figures are what the service that ran it
/// measured of this run, and a figure nobody measured is left out rather than written as 0.
/// </summary>
public sealed class RunPerformanceWriterTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 8, 15, 0, DateTimeKind.Utc);

    [Fact]
    public void Each_stage_has_the_time_and_peaks_its_service_measured_for_the_run()
    {
        var generated = new RunGenerated(50_000, 3, 4.2, 190.2, null) { RunId = "r", PeakManagedHeapMb = 61.5, BusySeconds = 3.1 };
        var run = Finished(
            [Segment(0, Start.AddSeconds(1), 6.0, 359.3, 120.4, 30_000), Segment(1, Start.AddSeconds(2), 5.5, 340.0, 118.0, 20_000)],
            new StageFigures(TimeSpan.FromSeconds(0.8), 300L << 20, 80L << 20), batches: 3);

        var report = RunPerformanceWriter.Build(run, generated, new StageFigures(TimeSpan.FromSeconds(0.4), 310L << 20, 90L << 20), null, Start);

        Assert.Equal(new StageReport(4.2, 190.2, 61.5, 50_000, 3.1), report.Stages[PipelineStages.Generate]);
        // Two replicas side by side: 1 s to 7.5 s after the start, 11.5 s of their own work.
        Assert.Equal(new StageReport(6.5, 359.3, 120.4, 50_000, 11.5), report.Stages[PipelineStages.Detect]);
        Assert.Equal(new StageReport(0.8, 300, 80, 3), report.Stages[PipelineStages.RootCause]);
        Assert.Equal(new StageReport(0.4, 310, 90, null), report.Stages[PipelineStages.Evaluate]);
        Assert.Equal(359.3, report.PeakWorkingSetMb);
        Assert.Equal(120.4, report.PeakManagedHeapMb);
    }

    [Fact]
    public void A_peak_a_sender_did_not_measure_is_left_out_not_written_as_zero()
    {
        // A generator and a detector of before the heap was measured: their messages carry no managed heap.
        var generated = new RunGenerated(1_000, 1, 0.3, 90.0, null) { RunId = "r" };
        var run = Finished([Segment(0, null, 1.2, 150.0, null, 1_000)], new StageFigures(TimeSpan.FromSeconds(0.1), 100L << 20, 20L << 20), batches: 1);

        var report = RunPerformanceWriter.Build(run, generated, evaluation: null, status: null, Start);
        var json = JsonSerializer.Serialize(report, ReportJsonContext.Default.PerformanceReport);
        using var document = JsonDocument.Parse(json);
        var stages = document.RootElement.GetProperty("stages");

        Assert.False(stages.GetProperty("generate").TryGetProperty("peak_managed_heap_mb", out _), json);
        Assert.False(stages.GetProperty("detect").TryGetProperty("peak_managed_heap_mb", out _), json);
        Assert.Equal(20, stages.GetProperty("root_cause").GetProperty("peak_managed_heap_mb").GetDouble());
        // Without start times the segments' wall is their sum; no evaluation ran, so there is no evaluate stage.
        Assert.Equal(1.2, stages.GetProperty("detect").GetProperty("wall_seconds").GetDouble());
        Assert.False(stages.TryGetProperty("evaluate", out _), json);
        Assert.DoesNotContain("\": 0,", json, StringComparison.Ordinal);
    }

    private static FinishedRun Finished(IReadOnlyList<DetectionCompleted> segments, StageFigures rootCause, int batches) =>
        new(new RootCauseCompleted(0, [], "anomalies.json") { RunId = "r" }, "unused", segments, rootCause, batches);

    private static DetectionCompleted Segment(int index, DateTime? startedAt, double wall, double workingSet, double? heap, long records) =>
        new(1, records, [], [], [])
        {
            RunId = "r",
            Segment = index,
            SegmentCount = 2,
            StartedAt = startedAt,
            WallSeconds = wall,
            PeakWorkingSetMb = workingSet,
            PeakManagedHeapMb = heap,
        };
}
