using AnomalyPlatform.Contracts.Messages;
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
    public async Task A_handled_message_is_no_longer_reachable_while_the_next_one_is_handled()
    {
        using var host = MessagingTestHost.Create(services => services.AddHandler<ParcelHandler, Parcel>());
        var handler = host.Services.GetRequiredService<ParcelHandler>();
        await host.StartAsync();
        var bus = host.Bus();

        await PublishFirstParcelAsync(bus);
        await handler.FirstStarted.WaitAsync(Patience);
        await bus.PublishAsync(new Parcel(2, Contents: null) { RunId = "release" }, CancellationToken.None);
        // The first handler's last await completes on this other thread, which (unless the consumer leaves its stack)
        // goes on to handle the second parcel on top of the first one's frames.
        await Task.Run(handler.FinishFirst);
        var firstCollected = await handler.FirstCollectedWhenSecondHandled.WaitAsync(Patience);

        Assert.True(firstCollected, "the first parcel's contents were still reachable while the second was handled");
        await host.StopAsync();
    }

    // Not inlined, so that no frame of the test holds the first parcel.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Task PublishFirstParcelAsync(IMessageBus bus) =>
        bus.PublishAsync(new Parcel(1, new byte[1 << 20]) { RunId = "release" }, CancellationToken.None);

    [Fact]
    public void Unsupported_transport_is_refused_when_the_host_is_built()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MessagingTestHost.Create(
            services => services.AddHandler<RecordingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:Transport"] = "Carrier-Pigeon" }));

        Assert.Contains("Messaging:Transport", error.Message);
    }

    private sealed record Parcel(int Number, byte[]? Contents) : IntegrationMessage
    {
        public override string MessageId => $"{RunId}/parcel/{Number}";
    }

    /// <summary>Holds the first parcel until told to finish; on the second, reports whether the first's contents were collected.</summary>
    private sealed class ParcelHandler : IMessageHandler<Parcel>
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        // Without RunContinuationsAsynchronously: whoever finishes the first parcel runs the rest of its handling.
        private readonly TaskCompletionSource _finishFirst = new();
        private readonly TaskCompletionSource<bool> _collected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private WeakReference? _firstContents;

        public Task FirstStarted => _started.Task;

        public Task<bool> FirstCollectedWhenSecondHandled => _collected.Task;

        public void FinishFirst() => _finishFirst.SetResult();

        public async Task HandleAsync(MessageContext<Parcel> context, CancellationToken cancellationToken)
        {
            if (context.Message.Number == 1)
            {
                _firstContents = new WeakReference(context.Message.Contents);
                _started.TrySetResult();
                await _finishFirst.Task.ConfigureAwait(false);
                return;
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            _collected.TrySetResult(!_firstContents!.IsAlive);
        }
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
