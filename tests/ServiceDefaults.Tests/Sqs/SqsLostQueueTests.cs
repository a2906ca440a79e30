using Amazon.S3.Util;
using Amazon.SQS;
using Amazon.SQS.Model;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using AnomalyPlatform.ServiceDefaults.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>
/// Queues that vanish under a running host, as when fauxqs restarts empty or someone deletes a queue: a long-running
/// service creates them again and carries on; a host with a finite job reports the loss and leaves them gone.
/// </summary>
[Collection(FauxqsCollection.Name)]
public sealed class SqsLostQueueTests(FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    // One-second polls: a consumer meets the loss within a second instead of at the end of a 20 s long poll.
    private static readonly Dictionary<string, string?> ShortPolls = new() { ["Messaging:Sqs:WaitTimeSeconds"] = "1" };

    [Fact]
    public async Task Long_running_consumer_whose_queues_and_bucket_vanish_creates_them_again_and_consumes_what_is_published_next()
    {
        var prefix = SqsTestHost.NewPrefix();
        var queue = prefix + "ping";
        var logs = new ScopeCapturingLoggerProvider();
        using var host = SqsTestHost.Create(fauxqs, prefix, services =>
        {
            services.AddHandler<RecordingHandler, Ping>();
            services.AddSingleton<ILoggerProvider>(logs);
        }, ShortPolls);
        var handler = host.Services.GetRequiredService<RecordingHandler>();
        handler.Expected = 1;
        var recreated = new TaskCompletionSource<RecreatedQueue>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<TransportFailureLog>().Recreated += lost => recreated.TrySetResult(lost);
        using var sqs = SqsTestHost.Sqs();
        using var s3 = SqsTestHost.S3();
        await host.StartAsync();

        var before = DateTime.UtcNow;
        await LoseEverythingAsync(sqs, s3, prefix);
        // Only the consumer can bring the queue back: nothing has been published.
        await SqsTestHost.EventuallyAsync(() => SqsTestHost.QueueExistsAsync(sqs, queue), Patience, "the consumer has created its queue again");
        await host.Bus().PublishAsync(new Ping(1) { RunId = "restarted" }, CancellationToken.None);

        await handler.Done.WaitAsync(Patience);
        Assert.Equal(1, Assert.Single(handler.Received).Message.Number);
        // The service hears of it too, to give up on the work whose messages went with the queue.
        var lost = await recreated.Task.WaitAsync(Patience);
        Assert.Equal(queue, lost.QueueName);
        Assert.InRange(lost.FoundGoneAt, before, DateTime.UtcNow);
        var warning = Assert.Single(logs.Lines, line => line.Message.Contains("created it again", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
        Assert.Contains(queue, warning.Message, StringComparison.Ordinal);
        Assert.Contains("the messages that were on it are lost", warning.Message, StringComparison.Ordinal);
        // Made by the same provisioning as at start: with its dead-letter queue and redrive policy, and the bucket.
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = (await sqs.GetQueueUrlAsync(queue)).QueueUrl,
            AttributeNames = [QueueAttributeName.RedrivePolicy],
        });
        Assert.Contains(queue + "-dlq", attributes.Attributes[QueueAttributeName.RedrivePolicy], StringComparison.Ordinal);
        Assert.True(await AmazonS3Util.DoesS3BucketExistV2Async(s3, prefix + "claim-check"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Long_running_publisher_whose_queue_vanished_creates_it_again_once_for_concurrent_publishes_and_they_are_consumed()
    {
        var prefix = SqsTestHost.NewPrefix();
        var logs = new ScopeCapturingLoggerProvider();
        // A publisher alone, as the Generator service is for the queues of the messages it sends.
        using var publisher = SqsTestHost.Create(fauxqs, prefix, services => services.AddSingleton<ILoggerProvider>(logs), ShortPolls);
        using var sqs = SqsTestHost.Sqs();
        using var s3 = SqsTestHost.S3();
        await publisher.StartAsync();
        await publisher.Bus().PublishAsync(new Ping(0) { RunId = "restarted" }, CancellationToken.None);
        await LoseEverythingAsync(sqs, s3, prefix);

        // Sent together, they share the failed batch: one recreation answers them all.
        await Task.WhenAll(Enumerable.Range(1, 5).Select(number =>
            publisher.Bus().PublishAsync(new Ping(number) { RunId = "restarted" }, CancellationToken.None)));

        using var consumer = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<RecordingHandler, Ping>(), ShortPolls);
        var handler = consumer.Services.GetRequiredService<RecordingHandler>();
        handler.Expected = 5;
        await consumer.StartAsync();
        await handler.Done.WaitAsync(Patience);
        // Ping 0 went with the lost queue.
        Assert.Equal([1, 2, 3, 4, 5], handler.Received.Select(context => context.Message.Number).Order());
        Assert.Single(logs.Lines, line => line.Message.Contains("created it again", StringComparison.Ordinal));
        await consumer.StopAsync();
        await publisher.StopAsync();
    }

    [Fact]
    public async Task Host_with_a_finite_job_reports_a_lost_queue_and_leaves_it_gone()
    {
        var prefix = SqsTestHost.NewPrefix();
        var queue = prefix + "ping";
        using var host = SqsTestHost.Create(fauxqs, prefix, services =>
        {
            services.AddHandler<RecordingHandler, Ping>();
            services.ReportLostQueuesWithoutRecreating();
        }, ShortPolls);
        var reported = new TaskCompletionSource<TransportFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<TransportFailureLog>().Added += failure => reported.TrySetResult(failure);
        using var sqs = SqsTestHost.Sqs();
        using var s3 = SqsTestHost.S3();
        await host.StartAsync();

        await LoseEverythingAsync(sqs, s3, prefix);

        var failure = await reported.Task.WaitAsync(Patience);
        Assert.True(failure.ResourceMissing);
        Assert.Equal(("ReceiveMessage", queue), (failure.Operation, failure.Destination));
        Assert.False(await SqsTestHost.QueueExistsAsync(sqs, queue));
        await host.StopAsync();
    }

    /// <summary>What a restarted fauxqs looks like to a running host: the prefix's queues and bucket gone, with their messages.</summary>
    private static async Task LoseEverythingAsync(AmazonSQSClient sqs, Amazon.S3.AmazonS3Client s3, string prefix)
    {
        // The bucket first (nothing was claim-checked, so it is empty and can go): a host notices a loss at its queues,
        // and one that noticed before the bucket went would provision it again before it was gone.
        await s3.DeleteBucketAsync(prefix + "claim-check");
        foreach (var url in (await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix })).QueueUrls ?? [])
        {
            await sqs.DeleteQueueAsync(url);
        }
    }
}
