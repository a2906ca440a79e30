using System.Collections.Concurrent;
using System.Text.Json;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator.Tests;

public sealed class GeneratorWorkerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "generator-tests-" + Guid.NewGuid().ToString("N"));

    private sealed class CapturingBus(Exception? failure = null) : IMessageBus
    {
        public ConcurrentQueue<IntegrationMessage> Published { get; } = new();

        public Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : IntegrationMessage
        {
            if (failure is not null)
            {
                throw failure;
            }

            Published.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    private sealed class CapturingProgress : IStageProgress
    {
        public ConcurrentQueue<string> Calls { get; } = new();
        public long Advanced;

        public void Start(string stage, long? total) => Calls.Enqueue($"start {stage} {total}");

        public void Advance(string stage, long amount) => Interlocked.Add(ref Advanced, amount);

        public void Complete(string stage) => Calls.Enqueue($"complete {stage}");
    }

    private GeneratorWorker CreateWorker(IMessageBus bus, IStageProgress progress, GeneratorOptions options) => new(
        new RunGeneration(ServiceTopology.CreateDefault(), bus, progress, Options.Create(new OutputOptions { Directory = _directory }),
            NullLogger<RunGeneration>.Instance),
        bus, Options.Create(options));

    [Fact]
    public async Task Worker_publishes_the_run_as_segments_in_order_with_context_between_them()
    {
        var bus = new CapturingBus();
        var progress = new CapturingProgress();
        var options = new GeneratorOptions { Records = 5_000, BatchSize = 1_200, SegmentRecords = 2_000, SegmentContextRecords = 300, RunId = "test-run" };
        using var worker = CreateWorker(bus, progress, options);

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        var published = bus.Published.ToList();
        var started = Assert.IsType<RunStarted>(published[0]);
        Assert.Equal(("test-run", 5_000L, 3), (started.RunId, started.Records, started.SegmentCount));
        var generated = Assert.IsType<RunGenerated>(published[^1]);
        Assert.Equal(("test-run", 5_000L, (string?)null), (generated.RunId, generated.Records, generated.Error));
        // What the generator measured of this run: the peaks while it ran, and its own work within its wall time.
        Assert.True(generated.PeakWorkingSetMb > 0 && generated.PeakManagedHeapMb > 0, $"{generated.PeakWorkingSetMb} / {generated.PeakManagedHeapMb} MB");
        Assert.InRange(generated.BusySeconds!.Value, 0, generated.WallSeconds);
        var segments = published[1..^1].Cast<TelemetrySegment>().ToList();
        Assert.Equal([0, 1, 2], segments.Select(s => s.Index));
        Assert.All(segments, s => Assert.Equal((3, 5_000L, "test-run"), (s.SegmentCount, s.RunRecords, s.RunId)));
        Assert.Equal([(0, 300), (300, 300), (300, 0)], segments.Select(s => (s.LeadingContext, s.TrailingContext)));
        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => (long)i),
            segments.SelectMany(s => s.Records.Skip(s.LeadingContext).Take(s.OwnRecords)).Select(r => r.RecordId));
        Assert.Equal(["start generate 5000", "complete generate"], progress.Calls);
        Assert.Equal(5_000, progress.Advanced);
    }

    [Fact]
    public async Task Worker_writes_data_labels_and_incidents_files()
    {
        var options = new GeneratorOptions { Records = 8_000 };
        using var worker = CreateWorker(new CapturingBus(), new CapturingProgress(), options);

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(8_001, File.ReadLines(Path.Combine(_directory, OutputFiles.SyntheticData)).Count());
        Assert.Equal(8_001, File.ReadLines(Path.Combine(_directory, OutputFiles.SyntheticLabels)).Count());
        await using var json = File.OpenRead(Path.Combine(_directory, OutputFiles.Incidents));
        var incidents = await JsonSerializer.DeserializeAsync(json, ContractsJsonContext.Default.ListGroundTruthIncident);
        Assert.NotNull(incidents);
        Assert.NotEmpty(incidents);
        var expected = new TelemetryGenerator(options);
        _ = expected.GenerateBatches().Count();
        Assert.Equal(expected.Incidents.Select(i => (i.IncidentId, i.FaultType, i.RootCauseInstance, i.Start, i.End)),
            incidents.Select(i => (i.IncidentId, i.FaultType, i.RootCauseInstance, i.Start, i.End)));
    }

    [Fact]
    public async Task Worker_failure_surfaces_to_the_host()
    {
        var failure = new InvalidOperationException("bus down");
        using var worker = CreateWorker(new CapturingBus(failure), new CapturingProgress(), new GeneratorOptions { Records = 100 });

        await worker.StartAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Same(failure, error);
    }

    [Fact]
    public async Task A_run_that_fails_mid_way_is_announced_as_failed()
    {
        var bus = new FailingOnSegmentBus();
        using var worker = CreateWorker(bus, new CapturingProgress(), new GeneratorOptions { Records = 3_000, RunId = "doomed" });

        await worker.StartAsync(CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60)));

        var generated = Assert.Single(bus.Published.OfType<RunGenerated>());
        Assert.Equal("doomed", generated.RunId);
        Assert.False(generated.Succeeded);
        Assert.Contains("queue unreachable", generated.Error, StringComparison.Ordinal);
    }

    /// <summary>Takes every message but segments, as a transport whose segment queue is gone would.</summary>
    private sealed class FailingOnSegmentBus : IMessageBus
    {
        public ConcurrentQueue<IntegrationMessage> Published { get; } = new();

        public Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : IntegrationMessage
        {
            if (message is TelemetrySegment)
            {
                throw new IOException("queue unreachable");
            }

            Published.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
