using Amazon.SQS;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>A queue another service uses, deleted by hand and created again there: the watching process hears of it.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class SqsQueueRecreationWatcherTests(FauxqsFixture fauxqs)
{
    [Fact]
    public async Task A_queue_created_again_since_the_last_look_is_reported_and_the_others_are_not()
    {
        Assert.NotNull(fauxqs.Endpoint);
        var prefix = SqsTestHost.NewPrefix();
        using var sqs = SqsTestHost.Sqs();
        var (segments, batches) = (prefix + "telemetry-segment", prefix + "detection-batch");
        await sqs.CreateQueueAsync(segments);
        await sqs.CreateQueueAsync(batches);
        await sqs.CreateQueueAsync(SqsQueueNames.DeadLetter(segments));
        var transport = new TransportFailureLog();
        var reported = new List<RecreatedQueue>();
        transport.Recreated += reported.Add;
        using var watcher = new SqsQueueRecreationWatcher(sqs, transport, Options.Create(new SqsOptions { QueuePrefix = prefix }), NullLogger<SqsQueueRecreationWatcher>.Instance);
        await watcher.LookAsync(CancellationToken.None);

        // SQS tells the second a queue was created: the new one must be a second younger.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await sqs.DeleteQueueAsync((await sqs.GetQueueUrlAsync(segments)).QueueUrl);
        await sqs.CreateQueueAsync(segments);
        var recreatedBy = DateTime.UtcNow;
        await sqs.CreateQueueAsync(prefix + "run-lifecycle");
        await watcher.LookAsync(CancellationToken.None);
        await watcher.LookAsync(CancellationToken.None);

        var lost = Assert.Single(reported);
        Assert.Equal(segments, lost.QueueName);
        Assert.InRange(lost.FoundGoneAt, recreatedBy.AddSeconds(-3), recreatedBy);
    }
}
