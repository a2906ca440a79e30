using Amazon.CDK;
using AnomalyPlatform.Deploy;

// `cdk synth` / `cdk deploy` run this (cdk.json); context values (-c key=value) choose sizes, counts, images, the LLM.
var app = new App();
var settings = DeploySettings.FromContext(app.Node.TryGetContext);
_ = new PlatformStack(app, settings.StackName, settings, new StackProps
{
    Description = "Anomaly Platform: generator, detectors and root cause on ECS Fargate over SQS (deploy/, docs/aws.md)",
    Env = new Amazon.CDK.Environment
    {
        Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
        Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION"),
    },
});
app.Synth();
