namespace AnomalyPlatform.Deploy.Tests;

/// <summary>The services are reachable from inside the VPC only.</summary>
[Collection(SynthesizedPlatformCollection.Name)]
public sealed class NetworkTests(SynthesizedPlatform platform)
{
    private IEnumerable<System.Text.Json.Nodes.JsonNode> IngressRules() =>
        platform.Resources("AWS::EC2::SecurityGroup").SelectMany(group => TemplateJson.AsList(group.Resource["Properties"]!["SecurityGroupIngress"]))
            .Concat(platform.Resources("AWS::EC2::SecurityGroupIngress").Select(rule => rule.Resource["Properties"]!));

    [Fact]
    public void No_security_group_admits_the_internet()
    {
        var rules = IngressRules().ToArray();

        Assert.NotEmpty(rules);
        Assert.DoesNotContain(rules, rule => rule["CidrIp"]?.ToJsonString() == "\"0.0.0.0/0\"" || rule["CidrIpv6"]?.ToJsonString() == "\"::/0\"");
    }

    [Fact]
    public void Each_service_admits_only_its_http_port_and_only_from_the_vpc_cidr()
    {
        var vpc = Assert.Single(platform.Resources("AWS::EC2::VPC")).Id;
        foreach (var service in ServiceIdNames.All)
        {
            var group = platform.Resources("AWS::EC2::SecurityGroup").Single(pair => pair.Id.StartsWith(service + "SecurityGroup", StringComparison.Ordinal));

            var rule = Assert.Single(TemplateJson.AsList(group.Resource["Properties"]!["SecurityGroupIngress"]));

            Assert.Equal(8080, (int)rule["FromPort"]!);
            Assert.Equal(8080, (int)rule["ToPort"]!);
            Assert.Equal($$"""{"Fn::GetAtt":["{{vpc}}","CidrBlock"]}""", rule["CidrIp"]!.ToJsonString());
        }
    }

    [Fact]
    public void Services_run_in_private_subnets_without_public_addresses()
    {
        foreach (var (_, service) in platform.Resources("AWS::ECS::Service"))
        {
            var network = service["Properties"]!["NetworkConfiguration"]!["AwsvpcConfiguration"]!;
            Assert.Equal("DISABLED", (string?)network["AssignPublicIp"]);
            Assert.All(network["Subnets"]!.AsArray(), subnet => Assert.Contains("servicesSubnet", (string)subnet!["Ref"]!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void One_nat_gateway_in_two_availability_zones_and_no_load_balancer_by_default()
    {
        platform.Template.ResourceCountIs("AWS::EC2::NatGateway", 1);
        Assert.Equal(4, platform.Resources("AWS::EC2::Subnet").Count());
        platform.Template.ResourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 0);
    }
}
