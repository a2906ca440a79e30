using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Constructs;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// The VPC (public subnets only for the NAT gateways, the services in private subnets with egress through NAT), a free
/// S3 gateway endpoint so that claim-check traffic skips the NAT, and the ECS cluster with Container Insights and a
/// private DNS namespace the services register in.
/// </summary>
public sealed class PlatformNetwork : Construct
{
    public PlatformNetwork(Construct scope, string id, DeploySettings settings) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            MaxAzs = settings.MaxAzs,
            NatGateways = settings.NatGateways,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "services", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 22 },
            ],
        });
        Vpc.AddGatewayEndpoint("S3", new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3 });
        Cluster = new Cluster(this, "Cluster", new ClusterProps
        {
            Vpc = Vpc,
            ContainerInsights = true,
            DefaultCloudMapNamespace = new CloudMapNamespaceOptions { Name = settings.ServiceNamespace, Vpc = Vpc },
        });
    }

    public Vpc Vpc { get; }

    public Cluster Cluster { get; }

    public SubnetSelection ServiceSubnets { get; } = new() { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };
}
