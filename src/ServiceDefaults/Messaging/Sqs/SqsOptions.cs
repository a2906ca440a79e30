using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>How the SQS adapter names, provisions and polls its queues. Bound from <c>Messaging:Sqs</c>.</summary>
/// <remarks>
/// The endpoint is not a setting here: the AWS SDK reads the standard <c>AWS_ENDPOINT_URL_SQS</c> /
/// <c>AWS_ENDPOINT_URL_S3</c> (or <c>AWS_ENDPOINT_URL</c>) variables, and uses real AWS with the default credential and
/// region chain when they are absent.
/// </remarks>
public sealed class SqsOptions
{
    public const string SectionName = "Messaging:Sqs";

    /// <summary>The default of <see cref="QueuePrefix"/>.</summary>
    public const string DefaultQueuePrefix = "anomaly-";

    /// <summary>The default of <see cref="VisibilityTimeoutSeconds"/>.</summary>
    public const int DefaultVisibilityTimeoutSeconds = 30;

    /// <summary>The default of <see cref="MessageRetentionSeconds"/>: 4 days, the SQS default.</summary>
    public const int DefaultMessageRetentionSeconds = 4 * 24 * 3600;

    /// <summary>How long a dead-letter queue keeps its messages: 14 days, the SQS maximum, for an operator to inspect or redrive.</summary>
    public const int DeadLetterRetentionSeconds = 14 * 24 * 3600;

    /// <summary>Starts every queue name, so environments (and test runs) sharing one account do not collide.</summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,40}$",
        ErrorMessage = "Messaging:Sqs:QueuePrefix must be 1 to 40 letters, digits, '-' or '_' (for example \"anomaly-dev-\").")]
    public string QueuePrefix { get; set; } = DefaultQueuePrefix;

    /// <summary>
    /// Message type name → the consumer groups subscribed to it. The publisher sends a copy to the queue of each listed
    /// group; a type not listed has one queue shared by all its consumers (competing consumers).
    /// </summary>
    public Dictionary<string, List<string>> Subscriptions { get; set; } = [];

    /// <summary>Handler type name → its consumer group; by default the handler's name in kebab case.</summary>
    public Dictionary<string, string> ConsumerGroups { get; set; } = [];

    /// <summary>Messages one consumer handles at the same time (its handler must then be thread-safe).</summary>
    [Range(1, 100, ErrorMessage = "Messaging:Sqs:Concurrency must be between 1 and 100.")]
    public int Concurrency { get; set; } = 1;

    /// <summary>Consumer group → its own concurrency, overriding <see cref="Concurrency"/>.</summary>
    public Dictionary<string, int> ConsumerConcurrency { get; set; } = [];

    /// <summary>Queue visibility timeout; a running handler's message is extended every third of it.</summary>
    [Range(1, 43_200, ErrorMessage = "Messaging:Sqs:VisibilityTimeoutSeconds must be between 1 and 43200.")]
    public int VisibilityTimeoutSeconds { get; set; } = DefaultVisibilityTimeoutSeconds;

    /// <summary>Long-polling wait of one receive (20 is the SQS maximum and the cheapest).</summary>
    [Range(0, 20, ErrorMessage = "Messaging:Sqs:WaitTimeSeconds must be between 0 and 20.")]
    public int WaitTimeSeconds { get; set; } = 20;

    /// <summary>How long a message whose handler failed stays invisible before its next delivery.</summary>
    [Range(0, 43_200, ErrorMessage = "Messaging:Sqs:RetryDelaySeconds must be between 0 and 43200.")]
    public int RetryDelaySeconds { get; set; } = 5;

    /// <summary>
    /// Largest message sent inline (body plus attributes); larger ones go to S3 (claim check). 256 KiB is the limit every
    /// SQS queue honours; also the cap of one SendMessageBatch call.
    /// </summary>
    [Range(1024, 1_048_576, ErrorMessage = "Messaging:Sqs:MaxMessageBytes must be between 1024 and 1048576.")]
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Claim-checked bodies larger than this go to S3 as a multipart upload in parts of this size (S3 allows 5 MiB to
    /// 5 GiB per part; emulators often accept no larger request than about 10 MiB). A large run's detection segment
    /// can take tens of megabytes.
    /// </summary>
    [Range(5 * 1024 * 1024, 1024 * 1024 * 1024, ErrorMessage = "Messaging:Sqs:ClaimCheckPartBytes must be between 5242880 (5 MiB) and 1073741824 (1 GiB).")]
    public int ClaimCheckPartBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Whether the process creates (or brings in line) its queues, their dead-letter queues and the claim-check bucket at
    /// start. <c>false</c> where infrastructure as code made them (the ECS deployment in <c>deploy/</c>): queue URLs are only
    /// looked up (<c>GetQueueUrl</c>, failing at start when a queue is missing) and the bucket is assumed to exist, so
    /// the services need no <c>sqs:CreateQueue</c>, <c>sqs:SetQueueAttributes</c> or <c>s3:CreateBucket</c>.
    /// </summary>
    public bool ProvisionResources { get; set; } = true;

    /// <summary>S3 bucket for claim-checked bodies, created at start when missing; by default <c>{QueuePrefix}claim-check</c> in lower case.</summary>
    public string? ClaimCheckBucket { get; set; }

    /// <summary>Path-style S3 addressing; by default on when an S3 endpoint override (an emulator) is configured.</summary>
    public bool? S3ForcePathStyle { get; set; }

    /// <summary>
    /// How long an SQS or S3 call keeps retrying, with backoff, while the endpoint is unreachable, times out, answers
    /// 5xx or throttles, before the error surfaces: the length of an endpoint outage a run survives, at start and mid-run.
    /// </summary>
    [Range(1, 86_400, ErrorMessage = "Messaging:Sqs:OutageToleranceSeconds must be between 1 and 86400.")]
    public int OutageToleranceSeconds { get; set; } = 120;

    /// <summary>How long an unconsumed message is kept (the dead-letter queues keep theirs for the 14-day maximum).</summary>
    [Range(60, 1_209_600, ErrorMessage = "Messaging:Sqs:MessageRetentionSeconds must be between 60 and 1209600.")]
    public int MessageRetentionSeconds { get; set; } = DefaultMessageRetentionSeconds;

    /// <summary>How often the depths of the consumed queues are read for the queue gauges (waiting, in flight).</summary>
    [Range(1, 3600, ErrorMessage = "Messaging:Sqs:QueueDepthIntervalSeconds must be between 1 and 3600.")]
    public int QueueDepthIntervalSeconds { get; set; } = 5;

    /// <summary>The claim-check bucket in effect.</summary>
    public string EffectiveBucket => string.IsNullOrWhiteSpace(ClaimCheckBucket)
        ? (QueuePrefix + "claim-check").ToLowerInvariant().Replace('_', '-')
        : ClaimCheckBucket;
}
