using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace AnomalyPlatform.Deploy;

/// <summary>What one platform service's Fargate service is made of, beyond the shared network and collector.</summary>
public sealed record PlatformServiceProps(
    ServiceId Service,
    PlatformNetwork Network,
    TelemetryCollector Collector,
    DeploySettings Settings,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, EcsSecret> Secrets,
    int DesiredCount,
    bool OneTaskAtATime);

/// <summary>
/// One platform service on Fargate: its task role (empty until permissions are added), its image and environment, a
/// log group, the collector sidecar, a security group admitting its HTTP API (8080) from inside the VPC only, and a
/// service in the private subnets registered in the cluster's DNS namespace.
/// </summary>
public sealed class PlatformFargateService : Construct
{
    /// <summary>The port the images listen on (<c>ASPNETCORE_HTTP_PORTS</c>).</summary>
    public const int HttpPort = 8080;

    private const string OutputsVolume = "run-outputs";

    public PlatformFargateService(Construct scope, string id, PlatformServiceProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var name = props.Service.Name();
        var settings = props.Settings;
        var size = settings.Sizes[props.Service];
        var removal = settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        TaskRole = new Role(this, "TaskRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = $"The {name} service's own calls: its queues, the claim-check objects, telemetry",
        });
        TaskDefinition = new FargateTaskDefinition(this, "Task", new FargateTaskDefinitionProps
        {
            Cpu = size.Cpu,
            MemoryLimitMiB = size.MemoryMiB,
            TaskRole = TaskRole,
            RuntimePlatform = new RuntimePlatform
            {
                OperatingSystemFamily = OperatingSystemFamily.LINUX,
                CpuArchitecture = CpuArchitecture.X86_64,
            },
        });
        var logs = new LogGroup(this, "Logs", new LogGroupProps { Retention = LogRetention.Of(settings.LogRetentionDays), RemovalPolicy = removal });
        var environment = new Dictionary<string, string>(props.Environment)
        {
            ["OTEL_SERVICE_NAME"] = name,
            ["ASPNETCORE_HTTP_PORTS"] = HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        AppContainer = TaskDefinition.AddContainer(name, new ContainerDefinitionOptions
        {
            Image = Image(settings.Images[props.Service]),
            Essential = true,
            Environment = environment,
            Secrets = props.Secrets.ToDictionary(pair => pair.Key, pair => pair.Value),
            PortMappings = [new PortMapping { ContainerPort = HttpPort, Name = "http" }],
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = logs, StreamPrefix = name }),
            // ECS ignores the Dockerfile's HEALTHCHECK; this repeats it (the chiseled image has no shell or curl, so the
            // service itself asks its running instance's /health, docs/containers.md).
            HealthCheck = new Amazon.CDK.AWS.ECS.HealthCheck
            {
                Command = ["CMD", "dotnet", props.Service.AssemblyFile(), "--health-probe"],
                Interval = Duration.Seconds(30),
                Timeout = Duration.Seconds(5),
                Retries = 3,
                StartPeriod = Duration.Seconds(30),
            },
        });
        var collector = props.Collector.AddTo(TaskDefinition, props.Service);
        AppContainer.AddContainerDependencies(new ContainerDependency { Container = collector, Condition = ContainerDependencyCondition.START });

        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = props.Network.Vpc,
            Description = $"{name} tasks: HTTP API from inside the VPC only",
            // AWS APIs (SQS, S3, X-Ray, CloudWatch, Secrets Manager, ECR) and an LLM endpoint, through the NAT gateway.
            AllowAllOutbound = true,
        });
        SecurityGroup.AddIngressRule(Peer.Ipv4(props.Network.Vpc.VpcCidrBlock), Port.Tcp(HttpPort), $"{name} HTTP API from inside the VPC");

        Service = new FargateService(this, "Service", new FargateServiceProps
        {
            Cluster = props.Network.Cluster,
            TaskDefinition = TaskDefinition,
            DesiredCount = props.DesiredCount,
            VpcSubnets = props.Network.ServiceSubnets,
            SecurityGroups = [SecurityGroup],
            AssignPublicIp = false,
            // A run's state lives in one generator and one RootCause process: a deployment replaces them, never doubles them.
            MinHealthyPercent = props.OneTaskAtATime ? 0 : 100,
            MaxHealthyPercent = props.OneTaskAtATime ? 100 : 200,
            CircuitBreaker = new DeploymentCircuitBreaker { Rollback = true },
            CloudMapOptions = new CloudMapOptions { Name = name, DnsTtl = Duration.Seconds(10) },
            EnableECSManagedTags = true,
            PropagateTags = PropagatedTagSource.SERVICE,
        });
    }

    public Role TaskRole { get; }

    public FargateTaskDefinition TaskDefinition { get; }

    public ContainerDefinition AppContainer { get; }

    public SecurityGroup SecurityGroup { get; }

    public FargateService Service { get; }

    /// <summary>Grants the task role <paramref name="statement"/>.</summary>
    public void Allow(PolicyStatement statement) => TaskRole.AddToPrincipalPolicy(statement);

    /// <summary>Mounts the shared run folders at <paramref name="path"/> through their access point, and opens NFS from this service only.</summary>
    public void MountRunOutputs(RunOutputFileSystem files, string path)
    {
        ArgumentNullException.ThrowIfNull(files);
        TaskDefinition.AddVolume(new Amazon.CDK.AWS.ECS.Volume
        {
            Name = OutputsVolume,
            EfsVolumeConfiguration = new EfsVolumeConfiguration
            {
                FileSystemId = files.FileSystem.FileSystemId,
                TransitEncryption = "ENABLED",
                AuthorizationConfig = new AuthorizationConfig { AccessPointId = files.AccessPoint.AccessPointId, Iam = "ENABLED" },
            },
        });
        AppContainer.AddMountPoints(new MountPoint { SourceVolume = OutputsVolume, ContainerPath = path, ReadOnly = false });
        files.FileSystem.Connections.AllowDefaultPortFrom(SecurityGroup, $"NFS from {Node.Id}");
        Allow(TaskPermissions.MountRunOutputs(files));
    }

    private ContainerImage Image(ServiceImage image) => image.Reference is { } reference
        ? ContainerImage.FromRegistry(reference)
        : ContainerImage.FromEcrRepository(Repository.FromRepositoryName(this, "Repository", image.Repository), image.Tag);
}
