using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Tests.TestData;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector.Tests.Messaging;

public sealed class DetectorWorkerTests
{
    private const string Run = "run-w";

    private static (DetectorWorker Worker, CapturingBus Bus, RecordingProgress Progress) NewWorker(int detectionBatchSize = 16)
    {
        var bus = new CapturingBus();
        var progress = new RecordingProgress();
        var worker = new DetectorWorker(bus, progress, Options.Create(new DetectorOptions { DetectionBatchSize = detectionBatchSize }), NullLogger<DetectorWorker>.Instance);
        return (worker, bus, progress);
    }

    [Fact]
    public async Task Single_segment_run_publishes_its_detection_batches_in_order_then_its_completion()
    {
        var scenario = TelemetryScenario.Build(seed: 21);
        var (worker, bus, progress) = NewWorker();

        await worker.AnalyseSegmentAsync(TestSegments.Whole(Run, scenario.Records), CancellationToken.None);

        var completed = Assert.Single(bus.Published.OfType<DetectionCompleted>());
        var detectionBatches = bus.Published.OfType<DetectionBatch>().ToList();
        Assert.Same(completed, bus.Published[^1]);
        Assert.Equal((0, 1), (completed.Segment, completed.SegmentCount));
        Assert.Equal(Enumerable.Range(0, completed.BatchCount), detectionBatches.Select(b => b.Sequence));
        Assert.Equal(scenario.Records.Count, completed.RecordsScored);
        Assert.All(detectionBatches, b => Assert.InRange(b.Detections.Count, 1, 16));
        Assert.All(bus.Published, message => Assert.Equal(Run, message.RunId));
        Assert.Equal(scenario.Records.Count, progress.Advanced);
        Assert.Equal([$"start {PipelineStages.Detect}", $"complete {PipelineStages.Detect}"], progress.Calls);
    }

    [Fact]
    public async Task Completion_reports_when_the_segment_began_its_time_and_the_memory_measured_while_it_ran()
    {
        var scenario = TelemetryScenario.Build(seed: 22);
        var (worker, bus, _) = NewWorker();
        var before = DateTime.UtcNow;

        await worker.AnalyseSegmentAsync(TestSegments.Whole(Run, scenario.Records), CancellationToken.None);

        var completed = Assert.Single(bus.Published.OfType<DetectionCompleted>());
        Assert.InRange(completed.StartedAt!.Value, before, DateTime.UtcNow);
        Assert.True(completed.WallSeconds > 0);
        Assert.True(completed.PeakWorkingSetMb > 0);
        Assert.True(completed.PeakManagedHeapMb > 0);
    }

    [Fact]
    public async Task Redelivered_segment_is_not_analysed_twice_by_the_same_instance()
    {
        var scenario = TelemetryScenario.Build(seed: 23);
        var segment = TestSegments.Whole(Run, scenario.Records);
        var (worker, bus, _) = NewWorker();

        await worker.AnalyseSegmentAsync(segment, CancellationToken.None);
        var published = bus.Published.Count;
        await worker.AnalyseSegmentAsync(segment, CancellationToken.None);

        Assert.Equal(published, bus.Published.Count);
    }

    [Fact]
    public async Task Segment_reports_only_its_own_records_with_their_edges_and_change_events()
    {
        var scenario = TelemetryScenario.Build(seed: 24);
        var segments = TestSegments.Split(Run, scenario.Records, size: scenario.Records.Count / 3 + 1, context: 800);
        var middle = segments[1];
        var own = middle.Records.Skip(middle.LeadingContext).Take(middle.OwnRecords).Select(r => r.RecordId).ToHashSet();
        var (worker, bus, progress) = NewWorker();

        await worker.AnalyseSegmentAsync(middle, CancellationToken.None);

        var completed = Assert.Single(bus.Published.OfType<DetectionCompleted>());
        Assert.Equal((1, 3), (completed.Segment, completed.SegmentCount));
        Assert.Equal(middle.OwnRecords, completed.RecordsScored);
        Assert.All(bus.Published.OfType<DetectionBatch>(), b => Assert.Equal(1, b.Segment));
        Assert.All(bus.Published.OfType<DetectionBatch>().SelectMany(b => b.Detections), d => Assert.Contains(d.RecordId, own));
        Assert.All(completed.ChangeEvents, c => Assert.Contains(c.RecordId, own));
        Assert.NotEmpty(completed.Edges);
        // What the root-cause stage reads of how services behaved, flagged or not, goes with the completion.
        Assert.NotEmpty(completed.Behaviour);
        Assert.NotEmpty(completed.MetricPeaks);
        Assert.NotEmpty(completed.CallPatterns);
        // One outline per pattern counted, and one per unlogged form of a pattern whose requests wrote lines.
        var counted = completed.CallPatterns.Select(p => p.Pattern).ToHashSet(StringComparer.Ordinal);
        var outlined = completed.CallPatternOutlines.Select(o => o.Pattern).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(outlined, counted);
        var unlogged = completed.CallPatternOutlines.Where(o => counted.Contains(o.Pattern) && o.Unlogged is not null).Select(o => o.Unlogged!);
        Assert.Equal(outlined.Order(StringComparer.Ordinal), counted.Concat(unlogged).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(completed.CallPatternOutlines, o => o.Unlogged is not null);
        Assert.NotEmpty(completed.CallTransits);
        // Counted from the segment's own spans only: none of their minutes lies in the context around them.
        var ownSpans = middle.Records.Skip(middle.LeadingContext).Take(middle.OwnRecords).Where(r => r.Kind == TelemetryKind.Span).ToList();
        var (first, last) = (ownSpans.Min(r => r.Timestamp), ownSpans.Max(r => r.Timestamp));
        Assert.All(completed.CallTransits, t => Assert.InRange(t.Minute, first.AddTicks(-(first.Ticks % TimeSpan.TicksPerMinute)), last));
        Assert.Equal(middle.OwnRecords, progress.Advanced);
        // One segment of three is not the end of the stage.
        Assert.Equal([$"start {PipelineStages.Detect}"], progress.Calls);
    }

    [Fact]
    public async Task Another_instance_analysing_a_redelivered_segment_publishes_identical_messages()
    {
        var scenario = TelemetryScenario.Build(seed: 25);
        var segment = TestSegments.Split(Run, scenario.Records, size: scenario.Records.Count / 2 + 1, context: 500)[0];
        var (first, firstBus, _) = NewWorker();
        var (second, secondBus, _) = NewWorker();

        await first.AnalyseSegmentAsync(segment, CancellationToken.None);
        await second.AnalyseSegmentAsync(segment, CancellationToken.None);

        Assert.Equal(firstBus.Published.Select(m => m.MessageId), secondBus.Published.Select(m => m.MessageId));
        Assert.Equal(
            firstBus.Published.OfType<DetectionBatch>().SelectMany(b => b.Detections).Select(Describe),
            secondBus.Published.OfType<DetectionBatch>().SelectMany(b => b.Detections).Select(Describe));
    }

    [Fact]
    public async Task Segment_whose_context_exceeds_its_records_is_rejected_naming_the_message()
    {
        var scenario = TelemetryScenario.Build(seed: 26);
        var records = scenario.Records.Take(100).ToArray();
        var malformed = new TelemetrySegment(0, 1, records.Length, LeadingContext: 80, TrailingContext: 80, records) { RunId = Run };
        var (worker, bus, _) = NewWorker();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => worker.AnalyseSegmentAsync(malformed, CancellationToken.None));

        Assert.Contains($"{Run}/segment/0", error.Message, StringComparison.Ordinal);
        Assert.Empty(bus.Published);
    }

    private static string Describe(Detection d) =>
        $"{d.RecordId}|{d.IsAnomaly}|{d.Confidence:R}|{d.DetectedType}|{string.Join(',', d.Scores)}|{string.Join(';', d.Reasons)}";
}
