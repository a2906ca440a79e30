using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Tests.Messaging;

public sealed class InProcessMessageBusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Published_messages_reach_the_handler_once_each_in_publish_order()
    {
        using var host = MessagingTestHost.Create(services => services.AddHandler<RecordingHandler, Ping>());
        var handler = host.Services.GetRequiredService<RecordingHandler>();
        handler.Expected = 50;
        await host.StartAsync();

        for (var i = 0; i < 50; i++)
        {
            await host.Bus().PublishAsync(new Ping(i) { RunId = "order" }, CancellationToken.None);
        }

        await handler.Done.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 50), handler.Received.Select(c => c.Message.Number));
        Assert.All(handler.Received, c => Assert.Equal(1, c.ReceiveCount));
        Assert.Equal("order/ping/7", handler.Received.ElementAt(7).MessageId);
        await host.StopAsync();
    }

    [Fact]
    public async Task Every_handler_of_a_message_type_receives_every_message()
    {
        using var host = MessagingTestHost.Create(services =>
        {
            services.AddHandler<RecordingHandler, Ping>();
            services.AddHandler<SecondRecordingHandler, Ping>();
        });
        var first = host.Services.GetRequiredService<RecordingHandler>();
        var second = host.Services.GetRequiredService<SecondRecordingHandler>();
        first.Expected = second.Expected = 3;
        await host.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            await host.Bus().PublishAsync(new Ping(i) { RunId = "fanout" }, CancellationToken.None);
        }

        await Task.WhenAll(first.Done, second.Done).WaitAsync(Patience);
        Assert.Equal(3, first.Received.Count);
        Assert.Equal(3, second.Received.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task Failing_delivery_is_retried_with_a_higher_receive_count()
    {
        using var host = MessagingTestHost.Create(services => services.AddHandler<FlakyHandler, Ping>());
        var handler = host.Services.GetRequiredService<FlakyHandler>();
        handler.FailuresPerMessage = 2;
        handler.Expected = 1;
        await host.StartAsync();

        await host.Bus().PublishAsync(new Ping(1) { RunId = "retry" }, CancellationToken.None);

        await handler.Done.WaitAsync(Patience);
        Assert.Equal(3, Assert.Single(handler.Received).ReceiveCount);
        Assert.Empty(host.Services.GetRequiredService<DeadLetterLog>().Letters);
        await host.StopAsync();
    }

    [Fact]
    public async Task Message_failing_every_delivery_is_dead_lettered_after_max_receive_count_and_the_next_one_still_flows()
    {
        using var host = MessagingTestHost.Create(
            services => services.AddHandler<FlakyHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:MaxReceiveCount"] = "2" });
        var handler = host.Services.GetRequiredService<FlakyHandler>();
        var deadLetters = host.Services.GetRequiredService<DeadLetterLog>();
        var deadLettered = new TaskCompletionSource<DeadLetter>(TaskCreationOptions.RunContinuationsAsynchronously);
        deadLetters.Added += letter => deadLettered.TrySetResult(letter);
        handler.FailuresPerMessage = 5;
        await host.StartAsync();

        await host.Bus().PublishAsync(new Ping(1) { RunId = "poison" }, CancellationToken.None);

        var letter = await deadLettered.Task.WaitAsync(Patience);
        Assert.Equal(new DeadLetter("Ping", "poison/ping/1", 2, "planned failure 2"), letter);
        handler.FailuresPerMessage = 0;
        handler.Expected = 1;
        await host.Bus().PublishAsync(new Ping(2) { RunId = "poison" }, CancellationToken.None);
        await handler.Done.WaitAsync(Patience);
        Assert.Equal(2, Assert.Single(handler.Received).Message.Number);
        await host.StopAsync();
    }

    [Fact]
    public async Task Handler_receives_the_publishers_trace_context()
    {
        using var host = MessagingTestHost.Create(services => services.AddHandler<RecordingHandler, Ping>());
        var handler = host.Services.GetRequiredService<RecordingHandler>();
        handler.Expected = 1;
        await host.StartAsync();
        using var parent = new System.Diagnostics.Activity("test-parent").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();

        await host.Bus().PublishAsync(new Ping(1) { RunId = "trace" }, CancellationToken.None);

        await handler.Done.WaitAsync(Patience);
        var traceParent = Assert.Single(handler.Received).TraceParent;
        Assert.NotNull(traceParent);
        Assert.Contains(parent.TraceId.ToHexString(), traceParent);
        await host.StopAsync();
    }

    [Fact]
    public async Task Publishing_a_message_nobody_handles_fails_and_names_the_type()
    {
        using var host = MessagingTestHost.Create(services => services.AddHandler<RecordingHandler, Ping>());
        await host.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => host.Bus().PublishAsync(new Unhandled(1) { RunId = "none" }, CancellationToken.None));

        Assert.Contains("Unhandled", error.Message);
        await host.StopAsync();
    }

    [Fact]
    public async Task Full_queue_makes_the_publisher_wait_until_the_consumer_takes_a_message()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = MessagingTestHost.Create(
            services => services.AddSingleton(new BlockingHandler(gate.Task)).AddHandler<BlockingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:InProcessCapacity"] = "1" });
        await host.StartAsync();
        var bus = host.Bus();

        // One message is taken by the (blocked) consumer, one fills the queue; the third must wait.
        await bus.PublishAsync(new Ping(1) { RunId = "pressure" }, CancellationToken.None);
        await host.Services.GetRequiredService<BlockingHandler>().Started.WaitAsync(Patience);
        await bus.PublishAsync(new Ping(2) { RunId = "pressure" }, CancellationToken.None);
        var third = bus.PublishAsync(new Ping(3) { RunId = "pressure" }, CancellationToken.None);
        var finishedFirst = await Task.WhenAny(third, Task.Delay(TimeSpan.FromMilliseconds(300)));

        Assert.NotSame(third, finishedFirst);
        gate.SetResult();
        await third.WaitAsync(Patience);
        await host.StopAsync();
    }

    [Fact]
    public async Task Out_of_range_setting_fails_at_start_with_the_setting_name()
    {
        using var host = MessagingTestHost.Create(
            services => services.AddHandler<RecordingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:MaxReceiveCount"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Messaging:MaxReceiveCount must be between 1 and 100", error.Message);
    }

    [Fact]
    public void Unsupported_transport_is_refused_when_the_host_is_built()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MessagingTestHost.Create(
            services => services.AddHandler<RecordingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:Transport"] = "Carrier-Pigeon" }));

        Assert.Contains("Messaging:Transport", error.Message);
    }

    private sealed class BlockingHandler(Task gate) : IMessageHandler<Ping>
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public async Task HandleAsync(MessageContext<Ping> context, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await gate.WaitAsync(cancellationToken);
        }
    }
}
