using System.Text.Json.Nodes;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

namespace AnomalyPlatform.Deploy.Tests;

/// <summary>Least privilege: explicit actions only, <c>*</c> resources only where AWS takes nothing narrower, queues per service.</summary>
[Collection(SynthesizedPlatformCollection.Name)]
public sealed class PermissionTests(SynthesizedPlatform platform)
{
    /// <summary>Actions AWS authorises on no narrower resource than <c>*</c>.</summary>
    private static readonly HashSet<string> StarResourceActions =
    [
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        "ecr:GetAuthorizationToken",
    ];

    private IEnumerable<JsonObject> AllowStatements() => platform.Json["Resources"]!.AsObject()
        .SelectMany(resource => PolicyDocuments(resource.Value!.AsObject()))
        .SelectMany(document => TemplateJson.AsList(document["Statement"]))
        .Select(statement => statement.AsObject())
        .Where(statement => (string?)statement["Effect"] == "Allow");

    private static IEnumerable<JsonNode> PolicyDocuments(JsonObject resource)
    {
        var properties = resource["Properties"];
        if (properties?["PolicyDocument"] is { } document)
        {
            yield return document;
        }

        foreach (var policy in TemplateJson.AsList(properties?["Policies"]))
        {
            yield return policy["PolicyDocument"]!;
        }
    }

    [Fact]
    public void The_template_has_allow_statements_to_check()
    {
        Assert.True(AllowStatements().Count() >= 20, "The walk over the template's policies found too few statements to mean anything.");
    }

    [Fact]
    public void No_allow_statement_has_a_wildcard_action()
    {
        var wildcards = AllowStatements()
            .SelectMany(statement => TemplateJson.Strings(statement["Action"]))
            .Where(action => action.Contains('*', StringComparison.Ordinal))
            .ToArray();

        Assert.Empty(wildcards);
    }

    [Fact]
    public void A_star_resource_appears_only_with_actions_aws_authorises_on_nothing_narrower()
    {
        var offending = AllowStatements()
            .Where(statement => TemplateJson.Strings(statement["Resource"]).Contains("*"))
            .SelectMany(statement => TemplateJson.Strings(statement["Action"]))
            .Where(action => !StarResourceActions.Contains(action))
            .ToArray();

        Assert.Empty(offending);
    }

    [Fact]
    public void No_allow_statement_uses_not_action_or_not_resource()
    {
        Assert.DoesNotContain(AllowStatements(), statement => statement["NotAction"] is not null || statement["NotResource"] is not null);
    }

    [Fact]
    public void Each_service_sends_only_to_the_queues_of_the_types_it_publishes()
    {
        foreach (var service in ServiceIdNames.All)
        {
            var expected = MessageRoutes.SentBy(service).Select(type => platform.QueueId(SqsQueueNaming.QueueFor("anomaly-", type))).Order();

            var granted = QueuesGranted(service, "sqs:SendMessage").Order();

            Assert.Equal(expected, granted);
        }

        Assert.Equal([platform.QueueId("anomaly-telemetry-segment"), platform.QueueId("anomaly-run-started"), platform.QueueId("anomaly-run-generated")],
            QueuesGranted(ServiceId.Generator, "sqs:SendMessage"));
    }

    [Fact]
    public void Each_service_receives_only_from_the_queues_of_the_types_it_handles_and_rootcause_peeks_into_dead_letters()
    {
        foreach (var service in ServiceIdNames.All)
        {
            var expected = MessageRoutes.ReceivedBy(service).Select(type => platform.QueueId(SqsQueueNaming.QueueFor("anomaly-", type)));
            if (service == ServiceId.RootCause)
            {
                // The dead-letter watcher: a run whose message was dead-lettered in a detector fails at once.
                expected = expected.Concat(MessageRoutes.All.Select(route =>
                    platform.QueueId(SqsQueueNaming.DeadLetterQueueFor(SqsQueueNaming.QueueFor("anomaly-", route.MessageType)))));
            }

            Assert.Equal(expected.Order(), QueuesGranted(service, "sqs:ReceiveMessage").Order());
            Assert.Equal(MessageRoutes.ReceivedBy(service).Count(), QueuesGranted(service, "sqs:DeleteMessage").Count());
        }

        Assert.Equal([platform.QueueId(SqsQueueNaming.QueueFor("anomaly-", typeof(TelemetrySegment)))], QueuesGranted(ServiceId.Detector, "sqs:DeleteMessage"));
    }

    [Fact]
    public void Rootcause_reads_when_every_queue_was_created_and_the_others_only_their_own_queues_attributes()
    {
        // The queue-creation watcher: a queue deleted and made again lost the messages of the runs still waiting.
        var every = MessageRoutes.All.Select(route => platform.QueueId(SqsQueueNaming.QueueFor("anomaly-", route.MessageType))).Order();

        Assert.Equal(every, QueuesGranted(ServiceId.RootCause, "sqs:GetQueueAttributes").Distinct().Order());
        Assert.Equal([platform.QueueId(SqsQueueNaming.QueueFor("anomaly-", typeof(TelemetrySegment)))], QueuesGranted(ServiceId.Detector, "sqs:GetQueueAttributes"));
    }

    [Fact]
    public void No_task_role_may_create_or_change_queues_or_buckets()
    {
        var actions = ServiceIdNames.All.SelectMany(service => platform.StatementsOf(TaskRoleId(service)))
            .SelectMany(statement => TemplateJson.Strings(statement["Action"]))
            .ToHashSet();

        Assert.DoesNotContain("sqs:CreateQueue", actions);
        Assert.DoesNotContain("sqs:SetQueueAttributes", actions);
        Assert.DoesNotContain("s3:CreateBucket", actions);
        Assert.DoesNotContain("s3:ListBucket", actions);
        Assert.Contains("sqs:GetQueueUrl", actions);
    }

    [Fact]
    public void Claim_check_object_actions_are_on_the_bucket_s_objects_only()
    {
        var statements = ServiceIdNames.All.SelectMany(service => platform.StatementsOf(TaskRoleId(service)))
            .Where(statement => TemplateJson.Strings(statement["Action"]).Any(action => action.StartsWith("s3:", StringComparison.Ordinal)))
            .ToArray();

        Assert.Equal(4, statements.Length);
        var objects = $$"""{"Fn::Join":["",[{"Fn::GetAtt":["{{BucketId()}}","Arn"]},"/*"]]}""";
        Assert.All(statements, statement => Assert.Equal(objects, Assert.Single(TemplateJson.AsList(statement["Resource"])).ToJsonString()));
    }

    private string BucketId() => Assert.Single(platform.Resources("AWS::S3::Bucket")).Id;

    private string TaskRoleId(ServiceId service) => platform.Resources("AWS::IAM::Role")
        .Single(role => role.Id.StartsWith(service + "TaskRole", StringComparison.Ordinal)).Id;

    /// <summary>Logical ids of the queues <paramref name="service"/>'s task role may call <paramref name="action"/> on.</summary>
    private List<string> QueuesGranted(ServiceId service, string action) => platform.StatementsOf(TaskRoleId(service))
        .Where(statement => TemplateJson.Strings(statement["Action"]).Contains(action))
        .SelectMany(statement => TemplateJson.AsList(statement["Resource"]))
        .Select(resource => (string)resource["Fn::GetAtt"]![0]!)
        .ToList();
}
