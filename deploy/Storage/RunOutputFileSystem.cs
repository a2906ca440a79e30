using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EFS;
using Constructs;
using FileSystem = Amazon.CDK.AWS.EFS.FileSystem;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// The run folders the generator and RootCause share (the generator writes the data set, RootCause the results next to
/// it): an encrypted EFS file system in the private subnets, entered through an access point as the .NET chiseled
/// image's app user (uid/gid 1654), reachable over NFS only from the services that mount it.
/// </summary>
public sealed class RunOutputFileSystem : Construct
{
    /// <summary>The app user of the .NET chiseled images (<c>APP_UID</c>).</summary>
    public const string AppUserId = "1654";

    public RunOutputFileSystem(Construct scope, string id, PlatformNetwork network, DeploySettings settings) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(settings);
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "EFS run outputs: NFS from the generator and RootCause tasks only",
            AllowAllOutbound = false,
        });
        FileSystem = new FileSystem(this, "FileSystem", new FileSystemProps
        {
            Vpc = network.Vpc,
            VpcSubnets = network.ServiceSubnets,
            SecurityGroup = SecurityGroup,
            Encrypted = true,
            PerformanceMode = PerformanceMode.GENERAL_PURPOSE,
            ThroughputMode = ThroughputMode.ELASTIC,
            LifecyclePolicy = LifecyclePolicy.AFTER_30_DAYS,
            RemovalPolicy = settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        AccessPoint = FileSystem.AddAccessPoint("Outputs", new AccessPointOptions
        {
            Path = "/outputs",
            PosixUser = new PosixUser { Uid = AppUserId, Gid = AppUserId },
            CreateAcl = new Acl { OwnerUid = AppUserId, OwnerGid = AppUserId, Permissions = "750" },
        });
    }

    public FileSystem FileSystem { get; }

    public AccessPoint AccessPoint { get; }

    public SecurityGroup SecurityGroup { get; }
}
