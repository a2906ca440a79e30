using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// The AWS Distro for OpenTelemetry collector as a sidecar of every task: the services export OTLP to
/// <c>localhost:4317</c> (<see cref="OtlpEndpoint"/>), the collector forwards traces to X-Ray, metrics to CloudWatch
/// (embedded metric format, namespace <see cref="MetricNamespace"/>) and structured logs to CloudWatch Logs.
/// </summary>
public sealed class TelemetryCollector : Construct
{
    public const string OtlpEndpoint = "http://localhost:4317";

    public const string MetricNamespace = "AnomalyPlatform";

    private readonly DeploySettings _settings;

    public TelemetryCollector(Construct scope, string id, DeploySettings settings) : base(scope, id)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        var removal = settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        MetricLogs = new LogGroup(this, "Metrics", new LogGroupProps { Retention = LogRetention.Of(settings.LogRetentionDays), RemovalPolicy = removal });
        StructuredLogs = new LogGroup(this, "StructuredLogs", new LogGroupProps { Retention = LogRetention.Of(settings.LogRetentionDays), RemovalPolicy = removal });
    }

    /// <summary>Where the EMF exporter writes metrics (CloudWatch extracts them from these log events).</summary>
    public LogGroup MetricLogs { get; }

    /// <summary>The services' OTLP logs (with RunId and MessageId attributes), beside their console output.</summary>
    public LogGroup StructuredLogs { get; }

    /// <summary>Adds the collector to <paramref name="task"/> and grants its role what the exporters call.</summary>
    public ContainerDefinition AddTo(FargateTaskDefinition task, ServiceId service)
    {
        ArgumentNullException.ThrowIfNull(task);
        var logs = new LogGroup(task, "CollectorLogs", new LogGroupProps
        {
            Retention = LogRetention.Of(_settings.LogRetentionDays),
            RemovalPolicy = _settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        var container = task.AddContainer("otel-collector", new ContainerDefinitionOptions
        {
            Image = ContainerImage.FromRegistry(_settings.CollectorImage),
            // Telemetry is not worth an outage: the service keeps running if its collector stops.
            Essential = false,
            MemoryLimitMiB = 256,
            Environment = new Dictionary<string, string> { ["AOT_CONFIG_CONTENT"] = Configuration(service) },
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = logs, StreamPrefix = "otel-collector" }),
            HealthCheck = new Amazon.CDK.AWS.ECS.HealthCheck
            {
                Command = ["CMD", "/healthcheck"],
                Interval = Duration.Seconds(30),
                Timeout = Duration.Seconds(5),
                Retries = 3,
                StartPeriod = Duration.Seconds(10),
            },
        });
        task.TaskRole.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteTraces",
            // X-Ray's write and sampling calls accept no narrower resource.
            Actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            Resources = ["*"],
        }));
        task.TaskRole.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteMetricsAndLogs",
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resources = [MetricLogs.LogGroupArn, StructuredLogs.LogGroupArn],
        }));
        return container;
    }

    /// <summary>
    /// The collector's configuration: OTLP in on the task's loopback only; traces to X-Ray, metrics as EMF to
    /// <see cref="MetricLogs"/>, logs to <see cref="StructuredLogs"/> (a stream per service).
    /// </summary>
    private string Configuration(ServiceId service) => $$"""
        extensions:
          health_check:
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:4317
              http:
                endpoint: 127.0.0.1:4318
        processors:
          resourcedetection:
            detectors: [env, ecs]
          batch/traces:
            timeout: 1s
            send_batch_size: 50
          batch/metrics:
            timeout: 60s
          batch/logs:
            timeout: 5s
        exporters:
          awsxray:
          awsemf:
            namespace: {{MetricNamespace}}
            log_group_name: '{{MetricLogs.LogGroupName}}'
            log_stream_name: '{{service.Name()}}-{TaskId}'
          awscloudwatchlogs:
            log_group_name: '{{StructuredLogs.LogGroupName}}'
            log_stream_name: '{{service.Name()}}'
        service:
          extensions: [health_check]
          pipelines:
            traces:
              receivers: [otlp]
              processors: [resourcedetection, batch/traces]
              exporters: [awsxray]
            metrics:
              receivers: [otlp]
              processors: [resourcedetection, batch/metrics]
              exporters: [awsemf]
            logs:
              receivers: [otlp]
              processors: [resourcedetection, batch/logs]
              exporters: [awscloudwatchlogs]
        """;
}
