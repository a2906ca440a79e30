using System.Globalization;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// Everything a deployment may choose, read from CDK context (<c>cdk deploy -c key=value</c> or <c>cdk.json</c>), with
/// defaults sized from the measured runs (docs/aws.md lists every key).
/// </summary>
public sealed record DeploySettings
{
    public string StackName { get; init; } = "AnomalyPlatform";

    /// <summary>Starts every queue name; the services get the same value as <c>Messaging__Sqs__QueuePrefix</c>.</summary>
    public string QueuePrefix { get; init; } = SqsOptions.DefaultQueuePrefix;

    public int MaxAzs { get; init; } = 2;

    /// <summary>One NAT gateway keeps the idle cost down; two make egress survive the loss of an availability zone.</summary>
    public int NatGateways { get; init; } = 1;

    public IReadOnlyDictionary<ServiceId, ServiceImage> Images { get; init; } = ServiceIdNames.All.ToDictionary(
        service => service, service => new ServiceImage($"anomaly-{service.Name()}", "latest", null));

    /// <summary>
    /// Task sizes. Measured peaks of a 1,000,000-record run: generator 1.1 GB, detector 1.7 GB, rootcause 0.3 GB; the
    /// collector sidecar takes up to 256 MiB of each task.
    /// </summary>
    public IReadOnlyDictionary<ServiceId, ServiceSize> Sizes { get; init; } = new Dictionary<ServiceId, ServiceSize>
    {
        [ServiceId.Generator] = new(1024, 2048),
        [ServiceId.Detector] = new(1024, 3072),
        [ServiceId.RootCause] = new(512, 1024),
    };

    public int DetectorMinCount { get; init; } = 1;

    public int DetectorMaxCount { get; init; } = 4;

    /// <summary><c>mock</c> (offline text) or <c>openai</c> (any OpenAI-compatible endpoint, the key from Secrets Manager).</summary>
    public string LlmProvider { get; init; } = "mock";

    /// <summary>An existing Secrets Manager secret holding the LLM key; when absent the stack creates one to fill in.</summary>
    public string? LlmSecretName { get; init; }

    public int LogRetentionDays { get; init; } = 30;

    /// <summary>Claim-check objects are deleted by their consumer; the lifecycle rule removes what a crash left behind.</summary>
    public int ClaimCheckExpirationDays { get; init; } = 7;

    /// <summary>A fixed bucket name (globally unique); by default CloudFormation generates one.</summary>
    public string? ClaimCheckBucketName { get; init; }

    /// <summary>An SNS topic the dead-letter alarms notify, if any.</summary>
    public string? AlarmTopicArn { get; init; }

    /// <summary>Keep the bucket, the file system, the LLM secret and the log groups when the stack is deleted.</summary>
    public bool RetainData { get; init; } = true;

    public string CollectorImage { get; init; } = "public.ecr.aws/aws-observability/aws-otel-collector:latest";

    /// <summary>The private DNS namespace the services register in (<c>generator.{namespace}</c>, ...).</summary>
    public string ServiceNamespace { get; init; } = "anomaly.internal";

    /// <summary>A public, authenticated entry (ALB); not implemented, so only <c>false</c> is accepted.</summary>
    public bool PublicEntry { get; init; }

    /// <summary>Reads the settings from <paramref name="context"/> (a CDK <c>TryGetContext</c>), naming a bad key and its allowed values.</summary>
    public static DeploySettings FromContext(Func<string, object?> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new ContextReader(context);
        var defaults = new DeploySettings();
        var tag = reader.Text("imageTag") ?? "latest";
        var settings = new DeploySettings
        {
            StackName = reader.Text("stackName") ?? defaults.StackName,
            QueuePrefix = reader.Text("queuePrefix") ?? defaults.QueuePrefix,
            MaxAzs = reader.Integer("maxAzs", 2, 6) ?? defaults.MaxAzs,
            NatGateways = reader.Integer("natGateways", 1, 6) ?? defaults.NatGateways,
            Images = ServiceIdNames.All.ToDictionary(service => service, service => new ServiceImage(
                reader.Text($"{service.Name()}Repository") ?? defaults.Images[service].Repository,
                reader.Text($"{service.Name()}ImageTag") ?? tag,
                reader.Text($"{service.Name()}Image"))),
            Sizes = ServiceIdNames.All.ToDictionary(service => service, service => new ServiceSize(
                reader.Integer($"{service.Name()}Cpu", 256, 16384) ?? defaults.Sizes[service].Cpu,
                reader.Integer($"{service.Name()}MemoryMiB", 512, 122880) ?? defaults.Sizes[service].MemoryMiB)),
            DetectorMinCount = reader.Integer("detectorMinCount", 1, 100) ?? defaults.DetectorMinCount,
            DetectorMaxCount = reader.Integer("detectorMaxCount", 1, 100) ?? defaults.DetectorMaxCount,
            LlmProvider = reader.Text("llmProvider") ?? defaults.LlmProvider,
            LlmSecretName = reader.Text("llmSecretName"),
            LogRetentionDays = reader.Integer("logRetentionDays", 1, 3653) ?? defaults.LogRetentionDays,
            ClaimCheckExpirationDays = reader.Integer("claimCheckExpirationDays", 1, 3650) ?? defaults.ClaimCheckExpirationDays,
            ClaimCheckBucketName = reader.Text("claimCheckBucketName"),
            AlarmTopicArn = reader.Text("alarmTopicArn"),
            RetainData = reader.Boolean("retainData") ?? defaults.RetainData,
            CollectorImage = reader.Text("collectorImage") ?? defaults.CollectorImage,
            ServiceNamespace = reader.Text("serviceNamespace") ?? defaults.ServiceNamespace,
            PublicEntry = reader.Boolean("publicEntry") ?? defaults.PublicEntry,
        };
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        // The services validate Messaging:Sqs:QueuePrefix with the same rule at start.
        if (!System.Text.RegularExpressions.Regex.IsMatch(QueuePrefix, "^[A-Za-z0-9_-]{1,40}$"))
        {
            throw new ArgumentException($"Context queuePrefix must be 1 to 40 letters, digits, '-' or '_'; got \"{QueuePrefix}\".");
        }

        if (DetectorMinCount > DetectorMaxCount)
        {
            throw new ArgumentException(
                $"Context detectorMinCount ({DetectorMinCount}) must not exceed detectorMaxCount ({DetectorMaxCount}).");
        }

        if (LlmProvider is not ("mock" or "openai"))
        {
            throw new ArgumentException($"Context llmProvider must be \"mock\" or \"openai\"; got \"{LlmProvider}\".");
        }

        if (!LogRetention.IsAllowed(LogRetentionDays))
        {
            throw new ArgumentException(
                $"Context logRetentionDays must be one of {LogRetention.AllowedDays}; got {LogRetentionDays.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (PublicEntry)
        {
            throw new NotSupportedException(
                "Context publicEntry=true is not implemented: the services are reachable only from inside the VPC (docs/aws.md, \"Reaching the services\").");
        }
    }

    /// <summary>Context values arrive as strings from <c>-c key=value</c> and as JSON values from <c>cdk.json</c>.</summary>
    private sealed class ContextReader(Func<string, object?> context)
    {
        public string? Text(string key) => context(key) switch
        {
            null => null,
            string text when string.IsNullOrWhiteSpace(text) => null,
            var value => Convert.ToString(value, CultureInfo.InvariantCulture),
        };

        public int? Integer(string key, int min, int max)
        {
            if (Text(key) is not { } text)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                throw new ArgumentException($"Context {key} must be a whole number from {min} to {max}; got \"{text}\".");
            }

            return value;
        }

        public bool? Boolean(string key)
        {
            if (Text(key) is not { } text)
            {
                return null;
            }

            return bool.TryParse(text, out var value)
                ? value
                : throw new ArgumentException($"Context {key} must be true or false; got \"{text}\".");
        }
    }
}
