using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Amazon ECS services' deployments and events as <c>aws ecs describe-services</c> gives them, read as events of the service.</summary>
public sealed class EcsServicesReaderTests : IDisposable
{
    private const string Task = "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private readonly InputFolder _inputs = new();

    [Fact]
    public void A_describe_services_answer_reads_as_the_services_deploys_and_its_tasks_events()
    {
        var (records, rejects) = InputFolder.Read(Path.Combine(AppContext.BaseDirectory, "TestData", "ecs", "services.json"));

        Assert.Equal(0, rejects.Count);
        Assert.All(records, static r => Assert.Equal((TelemetryKind.Event, "cart"), (r.Kind, r.Service)));
        Assert.Equal(
            [
                ("deploy", "cart", Start.AddMinutes(10).AddMilliseconds(123)),
                ("steady_state", "cart", Start.AddMinutes(14).AddSeconds(30).AddMilliseconds(456)),
                ("deploy_completed", "cart", Start.AddMinutes(14).AddSeconds(20)),
                ("task_stopped", Task, Start.AddMinutes(12)),
                ("health_check_flap", Task, Start.AddMinutes(11)),
                ("task_started", Task, Start.AddMinutes(10).AddSeconds(5)),
                ("task_started", "9a8b7c6d5e4f30211f2e3d4c5b6a7980", Start.AddMinutes(10).AddSeconds(5)),
            ],
            records.Select(static r => (r.Name, r.Instance, r.Timestamp)));
        Assert.Contains("task-definition/cart:42 (PRIMARY, COMPLETED)", records[0].Message);
    }

    [Fact]
    public void Times_in_seconds_as_the_api_answers_are_read_and_an_event_with_no_time_is_rejected_naming_its_field()
    {
        var path = _inputs.Write("services.json",
            """{"services": [{"serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/shop/checkout", "serviceName": "checkout",""",
            """ "deployments": [{"id": "ecs-svc/1", "createdAt": 1767571200.5}],""",
            """ "events": [{"id": "e1", "message": "(service checkout) was unable to place a task because no container instance met all of its requirements."},""",
            """            {"id": "e2", "createdAt": 1767571260, "message": "(service checkout) is unable to consistently start tasks successfully."}]}]}""");

        var (records, rejects) = InputFolder.Read(path);

        Assert.Equal([("deploy", Start.AddMilliseconds(500)), ("task_placement_failed", Start.AddMinutes(1))], records.Select(static r => (r.Name, r.Timestamp)));
        Assert.Contains("services.json, line 1, services[0].events[0].createdAt: missing or not a time", Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void Ecs_events_as_eventbridge_delivers_them_read_as_deploys_task_starts_and_restarts_and_one_without_a_time_is_rejected()
    {
        var path = _inputs.Write("ecs-events.jsonl",
            Bridge("ECS Deployment State Change", "00:10:00", """{"eventType":"INFO","eventName":"SERVICE_DEPLOYMENT_IN_PROGRESS","deploymentId":"ecs-svc/1","reason":"ECS deployment ecs-svc/1 in progress."}"""),
            Bridge("ECS Task State Change", "00:10:30", TaskChange("PENDING", "")),
            Bridge("ECS Task State Change", "00:11:00", TaskChange("RUNNING", ",\"startedAt\":\"2026-01-05T00:10:58.5Z\"")),
            Bridge("ECS Task State Change", "00:12:00", TaskChange("STOPPED", ",\"stopCode\":\"EssentialContainerExited\",\"stoppedReason\":\"Essential container in task exited\",\"stoppedAt\":\"2026-01-05T00:11:59Z\"")),
            Bridge("ECS Service Action", "00:12:30", """{"eventType":"WARN","eventName":"SERVICE_TASK_START_IMPAIRED"}"""),
            Bridge("ECS Service Action", "", """{"eventType":"INFO","eventName":"SERVICE_STEADY_STATE"}"""));

        var (records, rejects) = InputFolder.Read(path);

        Assert.Equal(
            [
                ("deploy", "cart", "cart", Start.AddMinutes(10)),
                ("task_started", "cart", Task, Start.AddMinutes(10).AddSeconds(58.5)),
                ("restart", "cart", Task, Start.AddMinutes(11).AddSeconds(59)),
                ("task_start_impaired", "cart", "cart", Start.AddMinutes(12).AddSeconds(30)),
            ],
            records.Select(static r => (r.Name, r.Service, r.Instance, r.Timestamp)));
        Assert.Contains("ecs-events.jsonl, line 6, time: missing or not a time", Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void Ecs_events_a_rule_sent_to_cloudwatch_logs_are_events_not_log_lines()
    {
        var message = Bridge("ECS Deployment State Change", "00:10:00", """{"eventName":"SERVICE_DEPLOYMENT_IN_PROGRESS"}""").Replace("\"", "\\\"", StringComparison.Ordinal);
        var path = _inputs.Write("events.json",
            $$"""{"events": [{"logStreamName": "ecs-events", "timestamp": 1767571200000, "message": "{{message}}"},""",
            """{"logStreamName": "shop/cart/4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", "timestamp": 1767571201000, "message": "INFO cart read"}]}""");

        var (records, rejects) = InputFolder.Read(path);

        Assert.Equal(0, rejects.Count);
        Assert.Equal([(TelemetryKind.Event, "deploy", "cart"), (TelemetryKind.Log, "log", "cart")], records.Select(static r => (r.Kind, r.Name, r.Service)));
    }

    private static string Bridge(string type, string time, string detail) =>
        $$"""{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"{{type}}","source":"aws.ecs","account":"123456789012",{{(time.Length > 0 ? $"\"time\":\"2026-01-05T{time}Z\"," : "")}}"region":"eu-west-1","resources":["arn:aws:ecs:eu-west-1:123456789012:service/shop/cart"],"detail":{{detail}}}""";

    private static string TaskChange(string status, string more) =>
        $$"""{"clusterArn":"arn:aws:ecs:eu-west-1:123456789012:cluster/shop","taskArn":"arn:aws:ecs:eu-west-1:123456789012:task/shop/{{Task}}","group":"service:cart","lastStatus":"{{status}}","desiredStatus":"RUNNING"{{more}}}""";

    public void Dispose() => _inputs.Dispose();
}
