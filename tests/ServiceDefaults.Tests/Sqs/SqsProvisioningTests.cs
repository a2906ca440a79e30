using Amazon.S3.Util;
using Amazon.SQS;
using Amazon.SQS.Model;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>
/// <c>Messaging:Sqs:ProvisionResources=false</c>, as in the ECS deployment whose queues and bucket come from the CDK app:
/// the adapter creates nothing and only looks its queues up.
/// </summary>
[Collection(FauxqsCollection.Name)]
public sealed class SqsProvisioningTests(FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> NoProvisioning = new() { ["Messaging:Sqs:ProvisionResources"] = "false" };

    [Fact]
    public async Task Without_provisioning_a_missing_queue_fails_the_start_and_no_queue_or_bucket_is_created()
    {
        var prefix = SqsTestHost.NewPrefix();
        using var host = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<RecordingHandler, Ping>(), NoProvisioning);
        using var sqs = SqsTestHost.Sqs();
        using var s3 = SqsTestHost.S3();

        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => host.StartAsync());

        Assert.Empty((await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix })).QueueUrls ?? []);
        Assert.False(await AmazonS3Util.DoesS3BucketExistV2Async(s3, prefix + "claim-check"));
    }

    [Fact]
    public async Task Without_provisioning_queues_made_elsewhere_carry_messages_and_keep_their_attributes()
    {
        var prefix = SqsTestHost.NewPrefix();
        var queueName = SqsQueueNaming.QueueFor(prefix, typeof(Ping));
        using var sqs = SqsTestHost.Sqs();
        using var s3 = SqsTestHost.S3();
        // As infrastructure as code would make it, with a visibility timeout the adapter's default (30 s) differs from.
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = queueName,
            Attributes = new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = "45" },
        })).QueueUrl;
        using var host = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<RecordingHandler, Ping>(), NoProvisioning);
        var handler = host.Services.GetRequiredService<RecordingHandler>();
        handler.Expected = 1;
        await host.StartAsync();

        await host.Bus().PublishAsync(new Ping(1) { RunId = "iac" }, CancellationToken.None);

        await handler.Done.WaitAsync(Patience);
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["All"] });
        Assert.Equal(45, attributes.VisibilityTimeout);
        Assert.False(attributes.Attributes.ContainsKey(QueueAttributeName.RedrivePolicy));
        Assert.Equal([queueUrl], (await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix })).QueueUrls);
        Assert.False(await AmazonS3Util.DoesS3BucketExistV2Async(s3, prefix + "claim-check"));
        await host.StopAsync();
    }

    [Fact]
    public void Public_naming_gives_the_adapter_s_queue_and_dead_letter_queue_names()
    {
        var queue = SqsQueueNaming.QueueFor("anomaly-", typeof(Contracts.Messages.TelemetrySegment));

        Assert.Equal("anomaly-telemetry-segment", queue);
        Assert.Equal("anomaly-telemetry-segment-dlq", SqsQueueNaming.DeadLetterQueueFor(queue));
    }
}
