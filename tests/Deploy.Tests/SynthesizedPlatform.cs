using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace AnomalyPlatform.Deploy.Tests;

/// <summary>
/// The stack synthesised once (jsii starts a Node process and a synth takes seconds), shared by every test of the
/// collection: the assertions' <see cref="Template"/> and the same template as JSON for the checks that walk it.
/// </summary>
public sealed class SynthesizedPlatform : IDisposable
{
    private readonly string _outdir;

    public SynthesizedPlatform() : this(new Dictionary<string, object>())
    {
    }

    internal SynthesizedPlatform(IDictionary<string, object> context)
    {
        _outdir = Path.Combine(Path.GetTempPath(), "anomaly-deploy-tests-" + Guid.NewGuid().ToString("N"));
        var app = new App(new AppProps { Outdir = _outdir, Context = context });
        Settings = DeploySettings.FromContext(app.Node.TryGetContext);
        var stack = new PlatformStack(app, Settings.StackName, Settings);
        var json = File.ReadAllText(app.Synth().GetStackByName(stack.StackName).TemplateFullPath);
        Template = Template.FromString(json);
        Json = JsonNode.Parse(json)!.AsObject();
    }

    public DeploySettings Settings { get; }

    public Template Template { get; }

    public JsonObject Json { get; }

    public IEnumerable<(string Id, JsonObject Resource)> Resources(string type) => Json["Resources"]!.AsObject()
        .Where(pair => (string?)pair.Value!["Type"] == type)
        .Select(pair => (pair.Key, pair.Value!.AsObject()));

    public JsonObject Properties(string logicalId) => Json["Resources"]![logicalId]!["Properties"]!.AsObject();

    /// <summary>The logical id of the queue named <paramref name="queueName"/>.</summary>
    public string QueueId(string queueName) => Resources("AWS::SQS::Queue")
        .Single(queue => (string?)queue.Resource["Properties"]!["QueueName"] == queueName).Id;

    /// <summary>The logical id of the ECS service whose construct path starts with <paramref name="service"/>.</summary>
    public string EcsServiceId(ServiceId service) => Resources("AWS::ECS::Service").Single(pair => pair.Id.StartsWith(service.ToString() + "Service", StringComparison.Ordinal)).Id;

    /// <summary>Every IAM statement attached to <paramref name="roleId"/> through an <c>AWS::IAM::Policy</c>.</summary>
    public IEnumerable<JsonObject> StatementsOf(string roleId) => Resources("AWS::IAM::Policy")
        .Where(policy => policy.Resource["Properties"]!["Roles"]!.AsArray().Any(role => (string?)role!["Ref"] == roleId))
        .SelectMany(policy => policy.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(statement => statement!.AsObject()));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_outdir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SynthesizedPlatformCollection : ICollectionFixture<SynthesizedPlatform>
{
    /// <summary>One collection, so the tests share one synthesis and never drive jsii from two threads.</summary>
    public const string Name = "synthesized platform";
}

/// <summary>Helpers for the JSON of a template: values as strings, lists whether CloudFormation wrote one value or a list.</summary>
internal static class TemplateJson
{
    public static IEnumerable<JsonNode> AsList(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(item => item!),
        _ => [node],
    };

    public static IEnumerable<string> Strings(JsonNode? node) => AsList(node).Select(item => item.ToJsonString().Trim('"'));
}
