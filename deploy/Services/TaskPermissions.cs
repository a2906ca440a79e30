using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SQS;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// The IAM statements of the services' task roles, each naming exactly the API calls the SQS adapter makes with
/// <c>Messaging:Sqs:ProvisionResources=false</c> (no queue or bucket creation) on exactly the resources it makes them on.
/// </summary>
public static class TaskPermissions
{
    /// <summary>Publishing: <c>GetQueueUrl</c> once per queue, then <c>SendMessageBatch</c> (authorised as <c>sqs:SendMessage</c>).</summary>
    public static PolicyStatement SendTo(IEnumerable<IQueue> queues) => Statement("SendMessages",
        ["sqs:SendMessage", "sqs:GetQueueUrl"], queues.Select(queue => queue.QueueArn));

    /// <summary>
    /// Consuming: <c>GetQueueUrl</c> at start, <c>ReceiveMessage</c>, <c>ChangeMessageVisibility</c> (a running handler's
    /// extension, a failed one's retry delay), <c>DeleteMessage</c> after handling, <c>GetQueueAttributes</c> for the
    /// queue-depth gauges.
    /// </summary>
    public static PolicyStatement ReceiveFrom(IEnumerable<IQueue> queues) => Statement("ReceiveMessages",
        ["sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"],
        queues.Select(queue => queue.QueueArn));

    /// <summary>
    /// RootCause's dead-letter watcher lists the queues under the prefix and peeks into each dead-letter queue
    /// (<c>ReceiveMessage</c> with visibility 0: the messages stay).
    /// </summary>
    public static PolicyStatement PeekInto(IEnumerable<IQueue> deadLetterQueues) => Statement("PeekDeadLetters",
        ["sqs:ReceiveMessage"], deadLetterQueues.Select(queue => queue.QueueArn));

    /// <summary>
    /// RootCause's queue-creation watcher reads <c>CreatedTimestamp</c> (<c>GetQueueAttributes</c>) of every queue: one
    /// deleted and made again (<c>cdk deploy</c>) lost the messages on it, and the runs that were waiting for them fail.
    /// </summary>
    public static PolicyStatement WatchCreation(IEnumerable<IQueue> queues) => Statement("WatchQueueCreation",
        ["sqs:GetQueueAttributes"], queues.Select(queue => queue.QueueArn));

    /// <summary><c>ListQueues</c> has no queue resource; it is scoped to this account and region's queues, not <c>*</c>.</summary>
    public static PolicyStatement ListQueues(Stack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return Statement("ListQueues", ["sqs:ListQueues"],
            [stack.FormatArn(new ArnComponents { Service = "sqs", Resource = "*", ArnFormat = ArnFormat.NO_RESOURCE_NAME })]);
    }

    /// <summary>Claim-check writes: <c>PutObject</c>, or a multipart upload (authorised as <c>s3:PutObject</c>) and its abort on failure.</summary>
    public static PolicyStatement WriteClaimChecks(ClaimCheckBucket bucket) => Statement("WriteClaimChecks",
        ["s3:PutObject", "s3:AbortMultipartUpload"], [bucket.ObjectsArn]);

    /// <summary>Claim-check reads: <c>GetObject</c>, then <c>DeleteObject</c> once the message is handled.</summary>
    public static PolicyStatement ReadClaimChecks(ClaimCheckBucket bucket) => Statement("ReadClaimChecks",
        ["s3:GetObject", "s3:DeleteObject"], [bucket.ObjectsArn]);

    /// <summary>Mounting the run folders through their access point only (IAM authorisation of the EFS mount).</summary>
    public static PolicyStatement MountRunOutputs(RunOutputFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new PolicyStatement(new PolicyStatementProps
        {
            Sid = "MountRunOutputs",
            Actions = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            Resources = [files.FileSystem.FileSystemArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["elasticfilesystem:AccessPointArn"] = files.AccessPoint.AccessPointArn },
            },
        });
    }

    private static PolicyStatement Statement(string sid, string[] actions, IEnumerable<string> resources) => new(new PolicyStatementProps
    {
        Sid = sid,
        Actions = actions,
        Resources = resources.ToArray(),
    });
}
