using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.ServiceDefaults.Tests.Messaging;

/// <summary>The contract suite on the in-process adapter, plus what only it promises (order, back-pressure, wiring errors).</summary>
public sealed class InProcessMessageBusTests : MessageBusContractTests
{
    protected override IHost CreateHost(Action<IServiceCollection> registerHandlers, IDictionary<string, string?>? settings = null) =>
        MessagingTestHost.Create(registerHandlers, settings);

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
    public async Task Handed_over_message_keeps_its_publisher_waiting_until_the_consumer_takes_it()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = MessagingTestHost.Create(
            services => services.AddSingleton(new BlockingHandler(gate.Task)).AddHandler<BlockingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:InProcessHandOffTypes:0"] = nameof(Ping) });
        await host.StartAsync();
        var bus = host.Bus();

        // The first is taken at once by the consumer, which then blocks; the queue has room for the second, but a
        // handed-over message is not left on it.
        await bus.PublishAsync(new Ping(1) { RunId = "hand-off" }, CancellationToken.None).WaitAsync(Patience);
        await host.Services.GetRequiredService<BlockingHandler>().Started.WaitAsync(Patience);
        var second = bus.PublishAsync(new Ping(2) { RunId = "hand-off" }, CancellationToken.None);
        var finishedFirst = await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(300)));

        Assert.NotSame(second, finishedFirst);
        gate.SetResult();
        await second.WaitAsync(Patience);
        await host.StopAsync();
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
