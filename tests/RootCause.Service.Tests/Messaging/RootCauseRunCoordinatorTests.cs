using System.Collections.Concurrent;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Messaging;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.RootCause.Tests.Support;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Tests.Messaging;

public sealed class RootCauseRunCoordinatorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CapturingBus _bus = new();
    private readonly RecordingStageProgress _progress = new();
    private readonly RootCauseRunCoordinator _coordinator;

    public RootCauseRunCoordinatorTests()
    {
        var analyzer = new IncidentAnalyzer(Options.Create(new RootCauseOptions()), new MockRootCauseExplainer());
        _coordinator = new RootCauseRunCoordinator(
            analyzer, new AnomaliesJsonWriter(), new RunEvaluations(_progress), Registry(_folder.Path), new PublishedRunCompletion(_bus), _progress,
            Options.Create(new OutputOptions { Directory = _folder.Path }), NullLogger<RootCauseRunCoordinator>.Instance);
    }

    public void Dispose() => _folder.Dispose();

    private static RunRegistry Registry(string folder) => new(Options.Create(new OutputOptions { Directory = folder }), TimeProvider.System);

    private static MessageContext<T> Context<T>(T message) where T : IntegrationMessage => new(message, message.MessageId, 1, null);

    [Fact]
    public async Task Completion_before_the_last_batch_waits_for_it_and_a_duplicate_batch_counts_once()
    {
        await _coordinator.OnBatchAsync(Context(RunMessages.Batch0("r1")), CancellationToken.None);
        await _coordinator.OnCompletedAsync(Context(RunMessages.Completed("r1")), CancellationToken.None);
        await _coordinator.OnBatchAsync(Context(RunMessages.Batch0("r1")), CancellationToken.None);
        Assert.Empty(_bus.Published);

        await _coordinator.OnBatchAsync(Context(RunMessages.Batch1("r1")), CancellationToken.None);

        var completed = Assert.IsType<RootCauseCompleted>(Assert.Single(_bus.Published));
        Assert.Equal("r1", completed.RunId);
        Assert.Equal(4, completed.AnomalyCount);
        var incident = Assert.Single(completed.Incidents);
        Assert.Equal(RunMessages.AnomalyRecordIds, incident.AnomalyRecordIds);
        Assert.Equal("payment", incident.Candidates[0].Service);
        Assert.Equal(ExplanationSources.Mock, incident.ExplanationSource);
        Assert.True(File.Exists(completed.AnomaliesPath));
        Assert.Equal(["start root_cause ?", "advance root_cause 2", "complete root_cause"], _progress.Calls);
    }

    [Fact]
    public async Task Root_cause_stage_starts_with_the_analysis_not_with_the_first_batch()
    {
        await _coordinator.OnBatchAsync(Context(RunMessages.Batch0("r5")), CancellationToken.None);
        await _coordinator.OnBatchAsync(Context(RunMessages.Batch1("r5")), CancellationToken.None);

        Assert.Empty(_progress.Calls);
    }

    [Fact]
    public async Task Last_batch_before_the_completion_lets_the_completion_finish_the_run_once()
    {
        await _coordinator.OnBatchAsync(Context(RunMessages.Batch1("r2")), CancellationToken.None);
        await _coordinator.OnBatchAsync(Context(RunMessages.Batch0("r2")), CancellationToken.None);
        Assert.Empty(_bus.Published);

        await _coordinator.OnCompletedAsync(Context(RunMessages.Completed("r2")), CancellationToken.None);
        await _coordinator.OnCompletedAsync(Context(RunMessages.Completed("r2")), CancellationToken.None);
        await _coordinator.OnBatchAsync(Context(RunMessages.Batch1("r2")), CancellationToken.None);

        Assert.Equal(4, Assert.IsType<RootCauseCompleted>(Assert.Single(_bus.Published)).AnomalyCount);
    }

    [Fact]
    public async Task Run_without_batches_writes_an_empty_file_and_completes()
    {
        var completed = RunMessages.Completed("r3") with { BatchCount = 0 };

        await _coordinator.OnCompletedAsync(Context(completed), CancellationToken.None);

        var result = Assert.IsType<RootCauseCompleted>(Assert.Single(_bus.Published));
        Assert.Equal(0, result.AnomalyCount);
        Assert.Empty(result.Incidents);
        Assert.True(File.Exists(result.AnomaliesPath));
    }

    [Fact]
    public async Task Failed_publish_lets_a_redelivery_finish_the_run()
    {
        _bus.FailNext = true;
        await _coordinator.OnBatchAsync(Context(RunMessages.Batch0("r4")), CancellationToken.None);
        await _coordinator.OnBatchAsync(Context(RunMessages.Batch1("r4")), CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => _coordinator.OnCompletedAsync(Context(RunMessages.Completed("r4")), CancellationToken.None));
        await _coordinator.OnCompletedAsync(Context(RunMessages.Completed("r4")), CancellationToken.None);

        Assert.Equal(4, Assert.IsType<RootCauseCompleted>(Assert.Single(_bus.Published)).AnomalyCount);
    }

    [Fact]
    public async Task Segmented_run_finishes_once_after_every_segment_with_the_result_of_the_whole_run()
    {
        var whole = await WholeRunIncidentsAsync();
        var completed = RunMessages.Completed("r5");
        var firstSegment = RunMessages.Batch0("r5") with { Segment = 0 };
        var secondSegment = RunMessages.Batch1("r5") with { Sequence = 0, Segment = 1 };
        var firstHalf = completed with { BatchCount = 1, Segment = 0, SegmentCount = 2, Edges = [.. completed.Edges.Select(e => e with { Calls = 1 })], ChangeEvents = [] };
        var secondHalf = completed with { BatchCount = 1, Segment = 1, SegmentCount = 2, Edges = [.. completed.Edges.Select(e => e with { Calls = e.Calls - 1 })] };

        // Competing detectors: the second segment's messages arrive first, and one is redelivered.
        await _coordinator.OnCompletedAsync(Context(secondHalf), CancellationToken.None);
        await _coordinator.OnBatchAsync(Context(secondSegment), CancellationToken.None);
        await _coordinator.OnBatchAsync(Context(firstSegment), CancellationToken.None);
        await _coordinator.OnCompletedAsync(Context(secondHalf), CancellationToken.None);
        Assert.Empty(_bus.Published);
        await _coordinator.OnCompletedAsync(Context(firstHalf), CancellationToken.None);
        await _coordinator.OnBatchAsync(Context(secondSegment), CancellationToken.None);

        var result = Assert.IsType<RootCauseCompleted>(Assert.Single(_bus.Published));
        Assert.Equal(4, result.AnomalyCount);
        Assert.Equal(Describe(whole), Describe(result.Incidents));
    }

    [Fact]
    public async Task Completion_disagreeing_on_the_segment_count_is_rejected_naming_the_message()
    {
        var completed = RunMessages.Completed("r6");
        await _coordinator.OnCompletedAsync(Context(completed with { Segment = 0, SegmentCount = 2 }), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            _coordinator.OnCompletedAsync(Context(completed with { Segment = 1, SegmentCount = 3 }), CancellationToken.None));

        Assert.Contains("r6/detection-completed/1", error.Message, StringComparison.Ordinal);
        Assert.Empty(_bus.Published);
    }

    private async Task<IReadOnlyList<IncidentReport>> WholeRunIncidentsAsync()
    {
        using var folder = new TempFolder();
        var bus = new CapturingBus();
        var coordinator = new RootCauseRunCoordinator(
            new IncidentAnalyzer(Options.Create(new RootCauseOptions()), new MockRootCauseExplainer()), new AnomaliesJsonWriter(),
            new RunEvaluations(new RecordingStageProgress()), Registry(folder.Path), new PublishedRunCompletion(bus),
            new RecordingStageProgress(), Options.Create(new OutputOptions { Directory = folder.Path }), NullLogger<RootCauseRunCoordinator>.Instance);
        await coordinator.OnBatchAsync(Context(RunMessages.Batch0("r5")), CancellationToken.None);
        await coordinator.OnBatchAsync(Context(RunMessages.Batch1("r5")), CancellationToken.None);
        await coordinator.OnCompletedAsync(Context(RunMessages.Completed("r5")), CancellationToken.None);
        return Assert.IsType<RootCauseCompleted>(Assert.Single(bus.Published)).Incidents;
    }

    private static string Describe(IReadOnlyList<IncidentReport> incidents) => string.Join('\n', incidents.Select(i =>
        $"{i.IncidentId}|{string.Join(',', i.AnomalyRecordIds)}|{string.Join(';', i.Candidates.Select(c => $"{c.Rank}:{c.Service}:{c.FaultKind}:{c.Confidence:R}:{string.Join('/', c.Evidence)}"))}|{i.RootCauseText}"));

    private sealed class CapturingBus : IMessageBus
    {
        public ConcurrentQueue<IntegrationMessage> Published { get; } = new();

        public bool FailNext { get; set; }

        public Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : IntegrationMessage
        {
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("transport unavailable");
            }

            Published.Enqueue(message);
            return Task.CompletedTask;
        }
    }
}
