using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

namespace AnomalyPlatform.Deploy.Tests;

/// <summary>Context values reach the stack; bad ones stop the synthesis naming the key.</summary>
[Collection(SynthesizedPlatformCollection.Name)]
public sealed class ContextTests
{
    private static DeploySettings Read(Dictionary<string, object> context) => DeploySettings.FromContext(key => context.GetValueOrDefault(key));

    [Fact]
    public void Context_overrides_reach_queue_names_scaling_sizes_images_and_the_llm()
    {
        using var platform = new SynthesizedPlatform(new Dictionary<string, object>
        {
            ["queuePrefix"] = "anomaly-prod-",
            ["detectorMaxCount"] = "8",
            ["detectorMemoryMiB"] = 4096,
            ["llmProvider"] = "openai",
            ["llmSecretName"] = "prod/groq",
            ["generatorImage"] = "registry.example.com/anomaly/generator:1.2.3",
            ["natGateways"] = "2",
        });

        Assert.Contains(platform.Resources("AWS::SQS::Queue"), queue =>
            (string?)queue.Resource["Properties"]!["QueueName"] == SqsQueueNaming.QueueFor("anomaly-prod-", typeof(Contracts.Messages.TelemetrySegment)));
        var target = Assert.Single(platform.Resources("AWS::ApplicationAutoScaling::ScalableTarget")).Resource;
        Assert.Equal(8, (int)target["Properties"]!["MaxCapacity"]!);
        var detector = platform.Resources("AWS::ECS::TaskDefinition").Single(task => task.Id.StartsWith("Detector", StringComparison.Ordinal)).Resource;
        Assert.Equal("4096", (string?)detector["Properties"]!["Memory"]);
        var generator = platform.Resources("AWS::ECS::TaskDefinition").Single(task => task.Id.StartsWith("Generator", StringComparison.Ordinal)).Resource;
        Assert.Contains(generator["Properties"]!["ContainerDefinitions"]!.AsArray(),
            container => (string?)container!["Image"] == "registry.example.com/anomaly/generator:1.2.3");
        // An imported secret: none created, the task reads the named one.
        Assert.Empty(platform.Resources("AWS::SecretsManager::Secret"));
        Assert.Contains("secret:prod/groq", platform.Json.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(2, platform.Resources("AWS::EC2::NatGateway").Count());
    }

    [Fact]
    public void Defaults_without_context()
    {
        var settings = Read([]);

        Assert.Equal("anomaly-", settings.QueuePrefix);
        Assert.Equal((1, 4), (settings.DetectorMinCount, settings.DetectorMaxCount));
        Assert.Equal("mock", settings.LlmProvider);
        Assert.Equal(new ServiceImage("anomaly-detector", "latest", null), settings.Images[ServiceId.Detector]);
        Assert.False(settings.PublicEntry);
    }

    [Theory]
    [InlineData("detectorMaxCount", "many", "detectorMaxCount must be a whole number")]
    [InlineData("queuePrefix", "anomaly prod", "queuePrefix must be 1 to 40")]
    [InlineData("llmProvider", "gpt", "llmProvider must be \"mock\" or \"openai\"")]
    [InlineData("logRetentionDays", "10", "logRetentionDays must be one of")]
    [InlineData("detectorMinCount", "5", "detectorMinCount (5) must not exceed detectorMaxCount (4)")]
    public void A_bad_context_value_is_refused_naming_the_key(string key, string value, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Read(new() { [key] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_entry_is_refused_as_not_implemented()
    {
        var error = Assert.Throws<NotSupportedException>(() => Read(new() { ["publicEntry"] = true }));

        Assert.Contains("publicEntry", error.Message, StringComparison.Ordinal);
    }
}
