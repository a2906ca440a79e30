using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Amazon ECS's events as EventBridge delivers them (<c>{"detail-type", "source": "aws.ecs", "time", "resources",
/// "detail"}</c>), archived by a rule to CloudWatch Logs, S3 or a file, read as event records of the service they are
/// about: a deployment in progress is a <c>deploy</c>, one completed or failed <c>deploy_completed</c> or
/// <c>deploy_failed</c>; a service action its name (<c>SERVICE_TASK_START_IMPAIRED</c>: <c>task_start_impaired</c>); a
/// task that started <c>task_started</c> and one that stopped <c>task_stopped</c>, or a <c>restart</c> where its
/// essential container exited, it failed to start or failed its health checks (ECS starts another), the task its
/// instance. A task's states in between (provisioning, pending, stopping, ...) and container instances' changes are
/// not read.
/// </summary>
internal static class EcsStateChanges
{
    /// <summary>Whether a log event's text could be such an event: only those are parsed.</summary>
    public static bool MayBe(string? text) =>
        text is not null && text.AsSpan().TrimStart().StartsWith("{")
        && text.Contains("\"aws.ecs\"", StringComparison.Ordinal) && text.Contains("\"detail-type\"", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="value"/> is an EventBridge event of ECS's; its record, if it has one, added.</summary>
    /// <param name="problem">Why such an event could not be read (no time, no service), with the field it lacks; else null.</param>
    public static bool TryRead(JsonElement value, StringPool strings, List<TelemetryRecord> records, out (string Field, string Reason)? problem)
    {
        problem = null;
        if (value.ValueKind != JsonValueKind.Object || OtlpValues.Text(value, "source") != "aws.ecs"
            || OtlpValues.Text(value, "detail-type") is not { } type || !value.TryGetMember("detail", out var detail))
        {
            return false;
        }

        var time = UtcTimes.Member(value, "time");
        if (type is "ECS Deployment State Change" or "ECS Service Action" or "ECS Task State Change" && time is null)
        {
            problem = ("time", "missing or not a time: the event cannot be placed in time");
            return true;
        }

        switch (type)
        {
            case "ECS Deployment State Change" or "ECS Service Action" when ServiceOf(value) is null:
                problem = ("resources", "names no ECS service (arn:aws:ecs:...:service/cluster/name)");
                return true;
            case "ECS Deployment State Change" or "ECS Service Action" when OtlpValues.Text(detail, "eventName") is not { Length: > 0 }:
                problem = ("detail.eventName", "missing: what happened cannot be told");
                return true;
            case "ECS Deployment State Change" or "ECS Service Action" when ServiceOf(value) is { } service && time is { } at:
                var eventName = OtlpValues.Text(detail, "eventName")!;
                var name = eventName switch
                {
                    "SERVICE_DEPLOYMENT_IN_PROGRESS" => EventTypes.Deploy,
                    "SERVICE_DEPLOYMENT_COMPLETED" => "deploy_completed",
                    "SERVICE_DEPLOYMENT_FAILED" => "deploy_failed",
                    _ => (eventName.StartsWith("SERVICE_", StringComparison.Ordinal) ? eventName[8..] : eventName).ToLowerInvariant(),
                };
                var serviceName = strings.Get(service);
                records.Add(new TelemetryRecord(-1, at, TelemetryKind.Event, serviceName, serviceName, strings.Get(name), 0,
                    Message: OtlpValues.Text(detail, "reason") ?? eventName));
                return true;
            case "ECS Task State Change":
                problem = ReadTask(detail, time, strings, records);
                return true;
            default:
                return true;
        }
    }

    /// <summary>A task's start or stop as its event; why it cannot be read, if it cannot.</summary>
    private static (string Field, string Reason)? ReadTask(JsonElement detail, DateTime? time, StringPool strings, List<TelemetryRecord> records)
    {
        var status = OtlpValues.Text(detail, "lastStatus");
        var group = OtlpValues.Text(detail, "group") ?? "";
        if (status is not ("RUNNING" or "STOPPED"))
        {
            return null;
        }

        if (LastSegment(OtlpValues.Text(detail, "taskArn")) is not { } task)
        {
            return ("detail.taskArn", "missing: which task started or stopped cannot be told");
        }

        // service:cart for a service's tasks, family:cart for a task run alone.
        var colon = group.IndexOf(':', StringComparison.Ordinal);
        var service = colon >= 0 ? group[(colon + 1)..] : group.Length > 0 ? group : task;
        var stopped = status == "STOPPED";
        var at = (stopped ? UtcTimes.Member(detail, "stoppedAt") : UtcTimes.Member(detail, "startedAt")) ?? time!.Value;

        var reason = OtlpValues.Text(detail, "stoppedReason");
        var failed = OtlpValues.Text(detail, "stopCode") is "EssentialContainerExited" or "TaskFailedToStart"
            || reason?.Contains("health check", StringComparison.OrdinalIgnoreCase) == true;
        var name = !stopped ? "task_started" : failed ? EventTypes.Restart : "task_stopped";
        records.Add(new TelemetryRecord(-1, at, TelemetryKind.Event, strings.Get(service), strings.Get(task), strings.Get(name), 0,
            Message: stopped ? reason ?? "stopped" : "running"));
        return null;
    }

    /// <summary>The service an event's first resource names: <c>arn:aws:ecs:region:account:service/cluster/cart</c>.</summary>
    private static string? ServiceOf(JsonElement value) =>
        value.TryGetMember("resources", out var resources) && resources.ValueKind == JsonValueKind.Array
            && resources.EnumerateArray().Select(static r => r.ValueKind == JsonValueKind.String ? r.GetString() : null)
                .FirstOrDefault(static r => r?.Contains(":service/", StringComparison.Ordinal) == true) is { } arn
            ? LastSegment(arn)
            : null;

    private static string? LastSegment(string? arn) =>
        arn is null ? null : arn[(arn.LastIndexOf('/') + 1)..] is { Length: > 0 } last ? last : null;

}
