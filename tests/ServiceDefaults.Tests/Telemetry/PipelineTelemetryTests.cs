using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace AnomalyPlatform.ServiceDefaults.Tests.Telemetry;

public sealed class PipelineTelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Span_a_handler_starts_is_exported_in_the_publishers_trace_and_its_logs_carry_the_run_id()
    {
        var runId = $"run-{Guid.NewGuid():N}";
        var exported = new LockedList<Activity>();
        var logs = new ScopeCapturingLoggerProvider();
        using var host = MessagingTestHost.Create(services =>
        {
            services.AddHandler<SegmentHandler, Ping>();
            services.AddSingleton<ILoggerProvider>(logs);
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
        });
        var handler = host.Services.GetRequiredService<SegmentHandler>();
        await host.StartAsync();

        await host.Bus().PublishAsync(new Ping(4) { RunId = runId }, CancellationToken.None);
        await handler.Done.WaitAsync(Patience);
        await host.StopAsync();

        var spans = exported.Snapshot().Where(span => span.GetTagItem(PipelineTelemetry.RunIdTag) as string == runId).ToList();
        var publish = Assert.Single(spans, span => span.DisplayName == "publish Ping");
        var process = Assert.Single(spans, span => span.DisplayName == "process Ping");
        var detect = Assert.Single(spans, span => span.DisplayName == "detect segment");
        Assert.Equal(PipelineTelemetry.SourceName, detect.Source.Name);
        Assert.Equal((publish.TraceId, process.SpanId, 4), (detect.TraceId, detect.ParentSpanId, detect.GetTagItem(PipelineTelemetry.SegmentTag)));
        var line = Assert.Single(logs.Lines, l => l.Message == "analysing ping 4");
        Assert.Equal(runId, line.Scope["RunId"]);
        Assert.Equal($"{runId}/ping/4", line.Scope["MessageId"]);
    }

    [Fact]
    public void Instruments_emit_on_the_pipeline_meter_with_their_tags()
    {
        var runId = $"run-{Guid.NewGuid():N}";
        var measurements = new ConcurrentQueue<(string Name, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PipelineTelemetry.SourceName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if (map.GetValueOrDefault(PipelineTelemetry.RunIdTag) as string == runId)
            {
                measurements.Enqueue((instrument.Name, value, map));
            }
        });
        listener.Start();

        PipelineTelemetry.RecordsGenerated(1200, runId);
        PipelineTelemetry.AnomaliesDetected("latency_spike", 3, runId);
        PipelineTelemetry.IncidentsRanked(2, runId);

        Assert.Equal(
            [("anomaly.records.generated", 1200L, (string?)null), ("anomaly.anomalies", 3L, "latency_spike"), ("anomaly.incidents", 2L, null)],
            measurements.Select(m => (m.Name, m.Value, m.Tags.GetValueOrDefault(PipelineTelemetry.AnomalyTypeTag) as string)).ToArray());
    }

    /// <summary>Does a detector's work: a pipeline span and a log line inside the consumer's process span.</summary>
    private sealed class SegmentHandler(ILogger<SegmentHandler> logger) : IMessageHandler<Ping>
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public Task HandleAsync(MessageContext<Ping> context, CancellationToken cancellationToken)
        {
            using (PipelineTelemetry.StartDetectSegment(context.Message.RunId, context.Message.Number))
            {
                logger.LogInformation("analysing ping {Number}", context.Message.Number);
            }

            _done.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
