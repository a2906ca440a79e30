using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace AnomalyPlatform.Deploy.Tests;

/// <summary>The three Fargate services: their containers, environment, secret and collector sidecar.</summary>
[Collection(SynthesizedPlatformCollection.Name)]
public sealed class ServiceTests(SynthesizedPlatform platform)
{
    private IEnumerable<(string TaskId, JsonObject Container)> Containers() => platform.Resources("AWS::ECS::TaskDefinition")
        .SelectMany(task => task.Resource["Properties"]!["ContainerDefinitions"]!.AsArray().Select(container => (task.Id, container!.AsObject())));

    private IEnumerable<(string TaskId, JsonObject Container)> AppContainers() =>
        Containers().Where(pair => (string?)pair.Container["Name"] != "otel-collector");

    private static Dictionary<string, string> Environment(JsonObject container) => TemplateJson.AsList(container["Environment"])
        .ToDictionary(variable => (string)variable["Name"]!, variable => variable["Value"]!.ToJsonString().Trim('"'));

    [Fact]
    public void Three_fargate_services_on_one_cluster_with_container_insights()
    {
        platform.Template.ResourceCountIs("AWS::ECS::Service", 3);
        platform.Template.ResourceCountIs("AWS::ECS::TaskDefinition", 3);
        platform.Template.HasResourceProperties("AWS::ECS::Cluster", new Dictionary<string, object>
        {
            ["ClusterSettings"] = Match.ArrayWith([new Dictionary<string, object> { ["Name"] = "containerInsights", ["Value"] = "enabled" }]),
        });
        Assert.All(platform.Resources("AWS::ECS::Service"), service => Assert.Equal("FARGATE", (string?)service.Resource["Properties"]!["LaunchType"]));
    }

    [Fact]
    public void Every_app_container_uses_sqs_without_provisioning_and_exports_to_the_sidecar()
    {
        var apps = AppContainers().ToArray();

        Assert.Equal(3, apps.Length);
        foreach (var (_, container) in apps)
        {
            var environment = Environment(container);
            Assert.Equal("Sqs", environment["Messaging__Transport"]);
            Assert.Equal("anomaly-", environment["Messaging__Sqs__QueuePrefix"]);
            Assert.Equal("false", environment["Messaging__Sqs__ProvisionResources"]);
            Assert.Equal("http://localhost:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Contains("ClaimCheckBucket", environment["Messaging__Sqs__ClaimCheckBucket"], StringComparison.Ordinal);
            Assert.Equal(8080, (int)container["PortMappings"]![0]!["ContainerPort"]!);
        }
    }

    [Fact]
    public void Rootcause_gets_the_llm_provider_and_the_key_as_a_secret_reference_never_as_a_plain_value()
    {
        var rootCause = AppContainers().Single(pair => pair.TaskId.StartsWith("RootCause", StringComparison.Ordinal)).Container;
        var secretId = Assert.Single(platform.Resources("AWS::SecretsManager::Secret")).Id;

        var secret = Assert.Single(rootCause["Secrets"]!.AsArray())!;

        Assert.Equal("GROQ_API_KEY", (string?)secret["Name"]);
        Assert.Equal(secretId, (string?)secret["ValueFrom"]!["Ref"]);
        Assert.Equal("mock", Environment(rootCause)["Llm__Provider"]);
        foreach (var (_, container) in Containers())
        {
            Assert.DoesNotContain(TemplateJson.AsList(container["Environment"]), variable =>
                (string?)variable["Name"] == "GROQ_API_KEY" || variable["Value"]!.ToJsonString().Contains(secretId, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(AppContainers(), pair => !pair.TaskId.StartsWith("RootCause", StringComparison.Ordinal) && pair.Container["Secrets"] is not null);
    }

    [Fact]
    public void Only_rootcause_s_execution_role_may_read_the_secret()
    {
        var secretId = Assert.Single(platform.Resources("AWS::SecretsManager::Secret")).Id;

        var readers = platform.Resources("AWS::IAM::Policy")
            .Where(policy => policy.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
                .Any(statement => TemplateJson.Strings(statement!["Action"]).Contains("secretsmanager:GetSecretValue")
                                  && statement["Resource"]!.ToJsonString().Contains(secretId, StringComparison.Ordinal)))
            .Select(policy => (string)policy.Resource["Properties"]!["Roles"]![0]!["Ref"]!)
            .ToArray();

        Assert.StartsWith("RootCauseTaskExecutionRole", Assert.Single(readers), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_task_has_the_adot_collector_sidecar_with_the_x_ray_and_emf_exporters()
    {
        var collectors = Containers().Where(pair => (string?)pair.Container["Name"] == "otel-collector").ToArray();

        Assert.Equal(3, collectors.Length);
        foreach (var (_, collector) in collectors)
        {
            Assert.StartsWith("public.ecr.aws/aws-observability/aws-otel-collector", (string?)collector["Image"], StringComparison.Ordinal);
            var configuration = Environment(collector)["AOT_CONFIG_CONTENT"];
            Assert.Contains("awsxray", configuration, StringComparison.Ordinal);
            Assert.Contains("awsemf", configuration, StringComparison.Ordinal);
            Assert.Contains("127.0.0.1:4317", configuration, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_container_logs_to_its_own_log_group_with_thirty_days_retention()
    {
        var groups = Containers().Select(pair => (string)pair.Container["LogConfiguration"]!["Options"]!["awslogs-group"]!["Ref"]!).ToArray();

        Assert.Equal(6, groups.Distinct().Count());
        Assert.All(platform.Resources("AWS::Logs::LogGroup"), group => Assert.Equal(30, (int)group.Resource["Properties"]!["RetentionInDays"]!));
    }

    [Fact]
    public void Default_sizes_leave_the_detector_room_for_a_million_record_segment()
    {
        var detector = platform.Resources("AWS::ECS::TaskDefinition").Single(task => task.Id.StartsWith("Detector", StringComparison.Ordinal)).Resource;
        var generator = platform.Resources("AWS::ECS::TaskDefinition").Single(task => task.Id.StartsWith("Generator", StringComparison.Ordinal)).Resource;

        Assert.Equal("3072", (string?)detector["Properties"]!["Memory"]);
        Assert.Equal("2048", (string?)generator["Properties"]!["Memory"]);
    }

    [Fact]
    public void Every_app_container_repeats_the_image_s_health_probe_since_ecs_ignores_the_dockerfile_healthcheck()
    {
        foreach (var (taskId, container) in AppContainers())
        {
            var command = TemplateJson.Strings(container["HealthCheck"]!["Command"]).ToArray();
            var service = ServiceIdNames.All.Single(id => taskId.StartsWith(id.ToString(), StringComparison.Ordinal));

            Assert.Equal(["CMD", "dotnet", $"AnomalyPlatform.{service}.Service.dll", "--health-probe"], command);
        }
    }

    [Fact]
    public void Generator_and_rootcause_are_replaced_rather_than_doubled_during_a_deployment()
    {
        foreach (var service in new[] { ServiceId.Generator, ServiceId.RootCause })
        {
            var deployment = platform.Properties(platform.EcsServiceId(service))["DeploymentConfiguration"]!;
            Assert.Equal(100, (int)deployment["MaximumPercent"]!);
            Assert.Equal(0, (int)deployment["MinimumHealthyPercent"]!);
        }
    }
}
