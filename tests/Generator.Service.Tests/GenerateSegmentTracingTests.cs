using System.Collections.Concurrent;
using System.Diagnostics;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator.Tests;

/// <summary>Each segment of a run starts a trace of its own, named for the work and carrying the run and segment.</summary>
public sealed class GenerateSegmentTracingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "generator-trace-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_segment_has_a_generate_segment_root_span_with_its_publish_inside()
    {
        var runId = "trace-" + Guid.NewGuid().ToString("N")[..8];
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is PipelineTelemetry.SourceName or MessagingTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(listener);
        var bus = new SpanOpeningBus();
        var generation = new RunGeneration(ServiceTopology.CreateDefault(), bus, NullStageProgress.Instance,
            Options.Create(new OutputOptions { Directory = _directory }), NullLogger<RunGeneration>.Instance);

        await generation.GenerateAsync(new GeneratorOptions { Records = 5_000, SegmentRecords = 2_000, RunId = runId }, CancellationToken.None);

        var generate = spans.Where(s => s.OperationName == "generate segment" && Equals(s.GetTagItem(PipelineTelemetry.RunIdTag), runId)).ToList();
        Assert.Equal([0, 1, 2], generate.Select(s => (int)s.GetTagItem(PipelineTelemetry.SegmentTag)!).Order());
        Assert.Equal(3, generate.Select(s => s.TraceId).Distinct().Count());
        Assert.All(generate, span => Assert.Equal(default, span.ParentSpanId));
        var segmentTraces = bus.SegmentTraceIds.ToHashSet();
        Assert.All(generate, span => Assert.Contains(span.TraceId, segmentTraces));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Records in which trace each segment was published.</summary>
    private sealed class SpanOpeningBus : IMessageBus
    {
        public ConcurrentQueue<ActivityTraceId> SegmentTraceIds { get; } = new();

        public Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : IntegrationMessage
        {
            if (message is TelemetrySegment && Activity.Current is { } current)
            {
                SegmentTraceIds.Enqueue(current.TraceId);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class NullStageProgress : IStageProgress
    {
        public static readonly NullStageProgress Instance = new();

        public void Start(string stage, long? total)
        {
        }

        public void Advance(string stage, long amount)
        {
        }

        public void Complete(string stage)
        {
        }
    }
}
