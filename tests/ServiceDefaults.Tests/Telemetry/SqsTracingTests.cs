using System.Diagnostics;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using AnomalyPlatform.ServiceDefaults.Tests.Sqs;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AnomalyPlatform.ServiceDefaults.Tests.Telemetry;

/// <summary>
/// What the SQS adapter leaves in the trace list, through the service defaults' own OpenTelemetry setup with an
/// in-memory exporter added. In the emulator's collection, so no other test's HTTP calls run meanwhile.
/// </summary>
[Collection(FauxqsCollection.Name)]
public sealed class SqsTracingTests(FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> ShortPolls = new()
    {
        ["Messaging:Sqs:WaitTimeSeconds"] = "1",
    };

    [Fact]
    public async Task Idle_receives_export_no_span_while_a_publish_traces_its_send_and_its_processing_in_one_trace()
    {
        var prefix = SqsTestHost.NewPrefix();
        var exported = new LockedList<Activity>();
        var handler = new RecordingHandler { Expected = 1 };
        using var host = SqsTestHost.Create(fauxqs, prefix, services =>
        {
            services.AddSingleton(handler).AddHandler<RecordingHandler, Ping>();
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
        }, ShortPolls);
        await host.StartAsync();
        var runId = "run-" + prefix;

        await host.Bus().PublishAsync(new Ping(1) { RunId = runId }, CancellationToken.None);
        await handler.Done.WaitAsync(Patience);
        // Idle time is what is under test: with 1 s long-polls the consumer receives (empty) a few times meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await host.StopAsync();

        var spans = exported.Snapshot();
        // The tracer listens to the messaging source process-wide, and tests of other collections (the in-process bus)
        // publish Pings meanwhile: this run's are told by their run id.
        var publish = Assert.Single(spans, span => span.DisplayName == "publish Ping" && Equals(span.GetTagItem(PipelineTelemetry.RunIdTag), runId));
        var process = Assert.Single(spans, span => span.DisplayName == "process Ping" && Equals(span.GetTagItem(PipelineTelemetry.RunIdTag), runId));
        var calls = spans.Where(span => span.Kind == ActivityKind.Client).ToList();
        Assert.Equal(publish.TraceId, process.TraceId);
        Assert.Equal(runId, process.GetTagItem(PipelineTelemetry.RunIdTag));
        Assert.Equal(runId, publish.GetTagItem(PipelineTelemetry.RunIdTag));
        // The send (and the delete after processing) are HTTP calls inside the run's spans, and exported as such...
        Assert.Contains(calls, call => call.ParentSpanId == publish.SpanId);
        Assert.Contains(calls, call => call.ParentSpanId == process.SpanId);
        // ...while provisioning, the receives and the queue-depth reads, outside any, start no trace.
        Assert.All(calls, call => Assert.Equal(publish.TraceId, call.TraceId));
    }

    [Fact]
    public async Task Failing_receive_records_an_error_span_of_its_own()
    {
        var prefix = SqsTestHost.NewPrefix();
        var exported = new LockedList<Activity>();
        using var host = SqsTestHost.Create(fauxqs, prefix, services =>
        {
            services.AddHandler<RecordingHandler, Ping>();
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
        }, ShortPolls);
        using var sqs = SqsTestHost.Sqs();
        await host.StartAsync();

        await sqs.DeleteQueueAsync((await sqs.GetQueueUrlAsync(prefix + "ping")).QueueUrl);

        await SqsTestHost.EventuallyAsync(
            () => Task.FromResult(exported.Snapshot().Any(span => span.DisplayName == "sqs ReceiveMessage failed")), Patience, "a failed receive is traced");
        await host.StopAsync();
        var failed = exported.Snapshot().First(span => span.DisplayName == "sqs ReceiveMessage failed");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(prefix + "ping", failed.GetTagItem("messaging.destination.name"));
        Assert.Equal(MessagingTelemetry.SourceName, failed.Source.Name);
        Assert.Contains(failed.Events, e => e.Name == "exception");
        Assert.Equal(default, failed.ParentSpanId);
    }
}
