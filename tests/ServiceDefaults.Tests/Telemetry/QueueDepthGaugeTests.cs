using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using AnomalyPlatform.ServiceDefaults.Tests.Sqs;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AnomalyPlatform.ServiceDefaults.Tests.Telemetry;

[Collection(FauxqsCollection.Name)]
public sealed class QueueDepthGaugeTests(FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Queue_gauges_report_the_messages_waiting_and_in_flight_on_a_consumed_queue()
    {
        var prefix = SqsTestHost.NewPrefix();
        var exported = new LockedList<MetricSnapshot>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new HoldingHandler(release.Task);
        using var host = SqsTestHost.Create(fauxqs, prefix, services =>
        {
            services.AddSingleton(handler).AddHandler<HoldingHandler, Ping>();
            // Through the service defaults' metrics setup: its AddMeter wildcard must take in the pipeline's meter.
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        }, new Dictionary<string, string?>
        {
            ["Messaging:Sqs:WaitTimeSeconds"] = "1",
            ["Messaging:Sqs:QueueDepthIntervalSeconds"] = "1",
        });
        await host.StartAsync();
        var metrics = host.Services.GetRequiredService<MeterProvider>();
        var queue = prefix + "ping";

        for (var i = 1; i <= 3; i++)
        {
            await host.Bus().PublishAsync(new Ping(i) { RunId = "run-" + prefix }, CancellationToken.None);
        }

        await handler.Holding.WaitAsync(Patience);
        await SqsTestHost.EventuallyAsync(() =>
        {
            metrics.ForceFlush();
            return Task.FromResult(Last(exported, PipelineTelemetry.QueueMessagesWaiting, queue) == 2
                                   && Last(exported, PipelineTelemetry.QueueMessagesInFlight, queue) == 1);
        }, Patience, "the gauges show 2 messages waiting and 1 in flight");
        release.SetResult();
        await host.StopAsync();
    }

    /// <summary>The last value the gauge <paramref name="name"/> exported for <paramref name="queue"/>, or null.</summary>
    private static long? Last(LockedList<MetricSnapshot> exported, string name, string queue)
    {
        long? last = null;
        foreach (var metric in exported.Snapshot().Where(m => m.Name == name && m.MeterName == PipelineTelemetry.SourceName))
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == PipelineTelemetry.QueueTag && queue.Equals(tag.Value))
                    {
                        last = point.GetGaugeLastValueLong();
                    }
                }
            }
        }

        return last;
    }

    /// <summary>Holds the first message it gets until released, so that it stays in flight.</summary>
    private sealed class HoldingHandler(Task release) : IMessageHandler<Ping>
    {
        private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Holding => _holding.Task;

        public async Task HandleAsync(MessageContext<Ping> context, CancellationToken cancellationToken)
        {
            _holding.TrySetResult();
            await release.WaitAsync(cancellationToken);
        }
    }
}
