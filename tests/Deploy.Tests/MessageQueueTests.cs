using System.Text.Json.Nodes;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

namespace AnomalyPlatform.Deploy.Tests;

/// <summary>The queues are the ones the services look up: same names, same attributes, a dead-letter queue each.</summary>
[Collection(SynthesizedPlatformCollection.Name)]
public sealed class MessageQueueTests(SynthesizedPlatform platform)
{
    private static IEnumerable<string> ExpectedQueues(string prefix) =>
        MessageRoutes.All.Select(route => SqsQueueNaming.QueueFor(prefix, route.MessageType));

    [Fact]
    public void Queue_names_are_what_the_application_computes_for_the_routed_contract_types_and_nothing_else()
    {
        var expected = ExpectedQueues("anomaly-")
            .SelectMany(queue => new[] { queue, SqsQueueNaming.DeadLetterQueueFor(queue) })
            .Order(StringComparer.Ordinal);

        var actual = platform.Resources("AWS::SQS::Queue")
            .Select(queue => (string)queue.Resource["Properties"]!["QueueName"]!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
        Assert.Contains("anomaly-telemetry-segment", actual);
        Assert.Contains("anomaly-detection-completed-dlq", actual);
    }

    [Fact]
    public void Six_routed_message_types_give_six_queues_and_six_dead_letter_queues()
    {
        Assert.Equal(6, MessageRoutes.All.Count);
        platform.Template.ResourceCountIs("AWS::SQS::Queue", 12);
    }

    [Fact]
    public void Every_queue_redrives_to_its_own_dead_letter_queue_after_the_application_s_max_receive_count()
    {
        foreach (var queue in ExpectedQueues("anomaly-"))
        {
            var properties = platform.Properties(platform.QueueId(queue));
            var redrive = properties["RedrivePolicy"]!.AsObject();

            Assert.Equal(MessagingOptions.DefaultMaxReceiveCount, (int)redrive["maxReceiveCount"]!);
            Assert.Equal(3, (int)redrive["maxReceiveCount"]!);
            var target = redrive["deadLetterTargetArn"]!["Fn::GetAtt"]!.AsArray();
            Assert.Equal(platform.QueueId(SqsQueueNaming.DeadLetterQueueFor(queue)), (string)target[0]!);
            Assert.Equal("Arn", (string)target[1]!);
        }
    }

    [Fact]
    public void Queue_attributes_are_the_adapter_s_defaults_visibility_30_s_retention_4_days_dead_letters_14_days()
    {
        foreach (var queue in ExpectedQueues("anomaly-"))
        {
            var properties = platform.Properties(platform.QueueId(queue));
            Assert.Equal(30, (int)properties["VisibilityTimeout"]!);
            Assert.Equal(4 * 24 * 3600, (int)properties["MessageRetentionPeriod"]!);
            var deadLetter = platform.Properties(platform.QueueId(SqsQueueNaming.DeadLetterQueueFor(queue)));
            Assert.Equal(14 * 24 * 3600, (int)deadLetter["MessageRetentionPeriod"]!);
            Assert.Null(deadLetter["RedrivePolicy"]);
        }
    }

    [Fact]
    public void Each_dead_letter_queue_has_an_alarm_on_one_visible_message()
    {
        var deadLetterIds = ExpectedQueues("anomaly-").Select(queue => platform.QueueId(SqsQueueNaming.DeadLetterQueueFor(queue))).ToHashSet();

        var alarmed = platform.Resources("AWS::CloudWatch::Alarm")
            .Select(alarm => alarm.Resource["Properties"]!.AsObject())
            .Where(alarm => (string?)alarm["MetricName"] == "ApproximateNumberOfMessagesVisible")
            .Select(alarm =>
            {
                Assert.Equal("GreaterThanThreshold", (string?)alarm["ComparisonOperator"]);
                Assert.Equal(0, (double)alarm["Threshold"]!);
                Assert.Equal("notBreaching", (string?)alarm["TreatMissingData"]);
                return (string)alarm["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]!;
            })
            .ToHashSet();

        Assert.Equal(6, alarmed.Count);
        Assert.Equal(deadLetterIds.Order(), alarmed.Order());
    }

    [Fact]
    public void Queues_are_encrypted_and_refuse_requests_without_tls()
    {
        foreach (var (id, queue) in platform.Resources("AWS::SQS::Queue"))
        {
            Assert.Equal(true, (bool?)queue["Properties"]!["SqsManagedSseEnabled"]);
            var policy = platform.Resources("AWS::SQS::QueuePolicy").Single(pair =>
                pair.Resource["Properties"]!["Queues"]!.AsArray().Any(reference => (string?)reference!["Ref"] == id));
            Assert.Contains(policy.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray(), statement => DeniesInsecureTransport(statement!));
        }
    }

    internal static bool DeniesInsecureTransport(JsonNode statement) =>
        (string?)statement["Effect"] == "Deny"
        && (string?)statement["Condition"]?["Bool"]?["aws:SecureTransport"] == "false";
}
