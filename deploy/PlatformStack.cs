using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// The Anomaly Platform on ECS Fargate: network and cluster, the message queues with their dead-letter alarms, the
/// claim-check bucket, the shared run folders, the LLM key, and the three services with their permissions (docs/aws.md).
/// </summary>
public sealed class PlatformStack : Stack
{
    /// <summary>Where the generator and RootCause see the shared run folders (<c>Output__Directory</c>).</summary>
    public const string OutputDirectory = "/data/outputs";

    /// <summary>The environment variable RootCause reads the LLM key from (<c>Llm:ApiKeyVariable</c>).</summary>
    public const string LlmKeyVariable = "GROQ_API_KEY";

    public PlatformStack(Construct scope, string id, DeploySettings settings, IStackProps? props = null) : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var network = new PlatformNetwork(this, "Network", settings);
        Queues = new MessageQueues(this, "Queues", settings.QueuePrefix, MessageRoutes.All.Select(route => route.MessageType));
        _ = new DeadLetterAlarms(this, "DeadLetterAlarms", Queues.DeadLetterQueues, settings.AlarmTopicArn);
        var bucket = new ClaimCheckBucket(this, "ClaimCheck", settings);
        var files = new RunOutputFileSystem(this, "RunOutputs", network, settings);
        var collector = new TelemetryCollector(this, "Telemetry", settings);
        var llmKey = LlmKey(settings);

        var messaging = new Dictionary<string, string>
        {
            ["Messaging__Transport"] = "Sqs",
            ["Messaging__Sqs__QueuePrefix"] = settings.QueuePrefix,
            ["Messaging__Sqs__ClaimCheckBucket"] = bucket.Bucket.BucketName,
            // The queues and the bucket are this stack's: the services only look them up.
            ["Messaging__Sqs__ProvisionResources"] = "false",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = TelemetryCollector.OtlpEndpoint,
        };

        Generator = Service(ServiceId.Generator, network, collector, settings, messaging, new() { ["Output__Directory"] = OutputDirectory });
        Generator.MountRunOutputs(files, OutputDirectory);
        Generator.Allow(TaskPermissions.WriteClaimChecks(bucket));

        Detector = Service(ServiceId.Detector, network, collector, settings, messaging, [], desiredCount: settings.DetectorMinCount);
        Detector.Allow(TaskPermissions.ReadClaimChecks(bucket));
        Detector.Allow(TaskPermissions.WriteClaimChecks(bucket));

        RootCause = Service(ServiceId.RootCause, network, collector, settings, messaging,
            new() { ["Output__Directory"] = OutputDirectory, ["Llm__Provider"] = settings.LlmProvider },
            secrets: new() { [LlmKeyVariable] = EcsSecret.FromSecretsManager(llmKey) });
        RootCause.MountRunOutputs(files, OutputDirectory);
        RootCause.Allow(TaskPermissions.ReadClaimChecks(bucket));
        RootCause.Allow(TaskPermissions.PeekInto(Queues.DeadLetterQueues));
        RootCause.Allow(TaskPermissions.ListQueues(this));
        RootCause.Allow(TaskPermissions.WatchCreation(Queues.QueuesOf(MessageRoutes.All.Select(route => route.MessageType))));

        // Each service sends to and receives from the queues of its routes, and no other.
        foreach (var (service, fargate) in new[] { (ServiceId.Generator, Generator), (ServiceId.Detector, Detector), (ServiceId.RootCause, RootCause) })
        {
            if (MessageRoutes.SentBy(service).ToArray() is { Length: > 0 } sent)
            {
                fargate.Allow(TaskPermissions.SendTo(Queues.QueuesOf(sent)));
            }

            if (MessageRoutes.ReceivedBy(service).ToArray() is { Length: > 0 } received)
            {
                fargate.Allow(TaskPermissions.ReceiveFrom(Queues.QueuesOf(received)));
            }
        }

        Scaling = new DetectorScaling(this, "DetectorScaling", Detector.Service,
            Queues.QueueOf(typeof(Contracts.Messages.TelemetrySegment)), settings.DetectorMinCount, settings.DetectorMaxCount);
    }

    public MessageQueues Queues { get; }

    public PlatformFargateService Generator { get; }

    public PlatformFargateService Detector { get; }

    public PlatformFargateService RootCause { get; }

    public DetectorScaling Scaling { get; }

    private PlatformFargateService Service(
        ServiceId service,
        PlatformNetwork network,
        TelemetryCollector collector,
        DeploySettings settings,
        Dictionary<string, string> common,
        Dictionary<string, string> own,
        int desiredCount = 1,
        Dictionary<string, EcsSecret>? secrets = null)
    {
        var environment = new Dictionary<string, string>(common);
        foreach (var (key, value) in own)
        {
            environment[key] = value;
        }

        return new PlatformFargateService(this, service.ToString(), new PlatformServiceProps(
            service, network, collector, settings, environment, secrets ?? [], desiredCount,
            OneTaskAtATime: service is not ServiceId.Detector));
    }

    /// <summary>The LLM key: an existing secret by name, or a new one (random until the real key is put in, docs/aws.md).</summary>
    private ISecret LlmKey(DeploySettings settings) => settings.LlmSecretName is { } name
        ? Secret.FromSecretNameV2(this, "LlmApiKey", name)
        : new Secret(this, "LlmApiKey", new SecretProps
        {
            SecretName = $"{settings.StackName}/llm-api-key",
            Description = "The LLM API key RootCause reads as GROQ_API_KEY (Llm:Provider=openai); put the real key in after the first deploy.",
            RemovalPolicy = settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
}
