using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>Start-up validation of the SQS settings, and how publishing groups sends.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class SqsOptionsTests(FauxqsFixture fauxqs)
{
    [Fact]
    public async Task Invalid_queue_prefix_fails_at_start_naming_the_setting()
    {
        using var host = SqsTestHost.Create(fauxqs, "bad prefix!", services => services.AddHandler<RecordingHandler, Ping>());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Messaging:Sqs:QueuePrefix", error.Message);
    }

    [Fact]
    public async Task Two_handlers_of_one_type_without_subscriptions_fail_at_start_naming_the_setting()
    {
        using var host = SqsTestHost.Create(fauxqs, SqsTestHost.NewPrefix(), services => services
            .AddHandler<RecordingHandler, Ping>()
            .AddHandler<SecondRecordingHandler, Ping>());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Messaging:Sqs:Subscriptions:Ping", error.Message);
    }

    [Fact]
    public async Task Subscription_list_without_a_local_handlers_group_fails_at_start_naming_the_group()
    {
        using var host = SqsTestHost.Create(fauxqs, SqsTestHost.NewPrefix(), services => services.AddHandler<RecordingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:Sqs:Subscriptions:Ping:0"] = "someone-else" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("'recording-handler'", error.Message);
    }

    [Fact]
    public async Task Concurrent_publishes_to_one_queue_share_send_message_batch_calls_of_up_to_ten()
    {
        using var host = SqsTestHost.Create(fauxqs, SqsTestHost.NewPrefix(), services => services.AddHandler<RecordingHandler, Ping>());
        var handler = host.Services.GetRequiredService<RecordingHandler>();
        handler.Expected = 100;
        await host.StartAsync();

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => host.Bus().PublishAsync(new Ping(i) { RunId = "batch" }, CancellationToken.None)));

        await handler.Done.WaitAsync(TimeSpan.FromSeconds(60));
        var calls = host.Services.GetRequiredService<SqsBatchSender>().Calls;
        Assert.InRange(calls, 10, 99);
        await host.StopAsync();
    }
}
