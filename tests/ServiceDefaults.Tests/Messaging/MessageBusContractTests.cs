using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Tests.Messaging;

/// <summary>
/// What every adapter of the messaging port must do, run once per adapter (in-process and SQS). Ordering is not part of
/// the contract: SQS standard queues do not keep it.
/// </summary>
public abstract class MessageBusContractTests
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A started-able host on this adapter, with the given handlers and extra settings.</summary>
    protected abstract IHost CreateHost(Action<IServiceCollection> registerHandlers, IDictionary<string, string?>? settings = null);

    [Fact]
    public async Task Published_messages_reach_the_handler_once_each()
    {
        using var host = CreateHost(services => services.AddHandler<RecordingHandler, Ping>());
        var handler = host.Services.GetRequiredService<RecordingHandler>();
        handler.Expected = 50;
        await host.StartAsync();

        await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => host.Bus().PublishAsync(new Ping(i) { RunId = "once" }, CancellationToken.None)));

        await handler.Done.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 50), handler.Received.Select(c => c.Message.Number).Order());
        Assert.All(handler.Received, c => Assert.Equal(1, c.ReceiveCount));
        Assert.Equal("once/ping/7", Assert.Single(handler.Received, c => c.Message.Number == 7).MessageId);
        await host.StopAsync();
    }

    [Fact]
    public async Task Every_handler_of_a_message_type_receives_every_message()
    {
        using var host = CreateHost(
            services =>
            {
                services.AddHandler<RecordingHandler, Ping>();
                services.AddHandler<SecondRecordingHandler, Ping>();
            },
            new Dictionary<string, string?>
            {
                // Only the SQS adapter reads these: a queue per consumer group, and the publisher sends to both.
                ["Messaging:Sqs:Subscriptions:Ping:0"] = "recording-handler",
                ["Messaging:Sqs:Subscriptions:Ping:1"] = "second-recording-handler",
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
        using var host = CreateHost(services => services.AddHandler<FlakyHandler, Ping>());
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
        using var host = CreateHost(
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
        using var host = CreateHost(services => services.AddHandler<RecordingHandler, Ping>());
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
    public async Task Out_of_range_setting_fails_at_start_with_the_setting_name()
    {
        using var host = CreateHost(
            services => services.AddHandler<RecordingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:MaxReceiveCount"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Messaging:MaxReceiveCount must be between 1 and 100", error.Message);
    }
}
