using System.Text.Json;
using System.Text.RegularExpressions;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads Amazon ECS services' deployments and events as <c>aws ecs describe-services</c> answers them
/// (<c>{"services": [{"serviceName", "deployments": [...], "events": [...]}]}</c>), as event records: each deployment a
/// <c>deploy</c> of its service when it was created, and each of the service's event messages (the last hundred ECS
/// keeps) an event named by what it says: tasks started or stopped (one record per task, the task its instance, as
/// the <c>awslogs</c> driver's streams and Container Insights name it), failed health checks
/// (<c>health_check_flap</c>), a deployment completed, a task that could not be placed, a steady state. A deployment or
/// event with no time is rejected on its own with its line and field. ECS's events as EventBridge delivers them are
/// read too (<see cref="EcsStateChanges"/>).
/// </summary>
internal sealed partial class EcsServicesReader : IJsonTelemetryFormat
{
    /// <summary>describe-services answers with each service's ARN and name first.</summary>
    public bool Recognises(string start)
    {
        var text = start.TrimStart();
        return (text.StartsWith('{') || text.StartsWith('['))
            && ((text.Contains("\"serviceArn\"", StringComparison.Ordinal) && text.Contains("\"serviceName\"", StringComparison.Ordinal))
                || EcsStateChanges.MayBe(text));
    }

    public Action<long, JsonElement> ReaderFor(JsonInputFile file) => (line, value) =>
    {
        if (!ReadValue(file, line, value, ""))
        {
            file.Rejects.AddUncounted(file.Path, line, "line", "is JSON but holds no ECS service (services with serviceName, deployments and events) nor ECS event (source aws.ecs)");
        }
    };

    /// <summary>False when the value holds no service.</summary>
    private static bool ReadValue(JsonInputFile file, long line, JsonElement value, string at) => JsonAnswers.Each(value, at, (answer, path) =>
    {
        if (JsonAnswers.Items(answer, "services", path, (service, serviceAt) => ReadService(file, line, service, serviceAt)))
        {
            return true;
        }

        if (EcsStateChanges.TryRead(answer, file.Strings, file.Records, out var problem))
        {
            if (problem is { } unread)
            {
                file.Rejects.Add(file.Path, line, path + unread.Field, unread.Reason);
            }

            return true;
        }

        if (OtlpValues.Text(answer, "serviceName") is null)
        {
            return false;
        }

        ReadService(file, line, answer, path.Length > 0 ? path.TrimEnd('.') : "service");
        return true;
    });

    private static void ReadService(JsonInputFile file, long line, JsonElement service, string at)
    {
        if (OtlpValues.Text(service, "serviceName") is not { Length: > 0 } named)
        {
            file.Rejects.Add(file.Path, line, $"{at}.serviceName", "missing: whose deployments and events these are cannot be told");
            return;
        }

        var name = file.Strings.Get(named);
        JsonAnswers.Items(service, "deployments", $"{at}.", (deployment, deploymentAt) =>
        {
            if (Time(deployment, "createdAt") is not { } created)
            {
                file.Rejects.Add(file.Path, line, $"{deploymentAt}.createdAt", "missing or not a time: the deployment cannot be placed in time");
                return;
            }

            var what = $"deployment {OtlpValues.Text(deployment, "id")} of {OtlpValues.Text(deployment, "taskDefinition")} " +
                $"({OtlpValues.Text(deployment, "status")}, {OtlpValues.Text(deployment, "rolloutState")})";
            file.Records.Add(new TelemetryRecord(-1, created, TelemetryKind.Event, name, name, file.Strings.Get(EventTypes.Deploy), 0, Message: what));
        });
        JsonAnswers.Items(service, "events", $"{at}.", (serviceEvent, eventAt) => ReadEvent(file, line, serviceEvent, eventAt, name));
    }

    private static void ReadEvent(JsonInputFile file, long line, JsonElement serviceEvent, string at, string service)
    {
        if (Time(serviceEvent, "createdAt") is not { } time)
        {
            file.Rejects.Add(file.Path, line, $"{at}.createdAt", "missing or not a time: the event cannot be placed in time");
            return;
        }

        var message = OtlpValues.Text(serviceEvent, "message") ?? "";
        var eventName = file.Strings.Get(EventName(message));
        var tasks = TaskNamed().Matches(message);
        if (tasks.Count == 0)
        {
            file.Records.Add(new TelemetryRecord(-1, time, TelemetryKind.Event, service, service, eventName, 0, Message: message));
            return;
        }

        foreach (Match task in tasks)
        {
            file.Records.Add(new TelemetryRecord(-1, time, TelemetryKind.Event, service, file.Strings.Get(task.Groups["task"].Value), eventName, 0, Message: message));
        }
    }

    /// <summary>What an ECS service event's message says, as an event's name.</summary>
    internal static string EventName(string message) => message switch
    {
        _ when message.Contains("has started", StringComparison.Ordinal) => "task_started",
        _ when message.Contains("has stopped", StringComparison.Ordinal) => "task_stopped",
        _ when message.Contains("health check", StringComparison.OrdinalIgnoreCase) || message.Contains("is unhealthy", StringComparison.Ordinal) => EventTypes.HealthCheckFlap,
        _ when message.Contains("deployment completed", StringComparison.Ordinal) => "deploy_completed",
        _ when message.Contains("rolling back", StringComparison.OrdinalIgnoreCase) || message.Contains("rolled back", StringComparison.OrdinalIgnoreCase) => "rollback",
        _ when message.Contains("unable to place", StringComparison.Ordinal) || message.Contains("unable to consistently start", StringComparison.Ordinal) => "task_placement_failed",
        _ when message.Contains("steady state", StringComparison.Ordinal) => "steady_state",
        _ => "service_event",
    };

    /// <summary>A time as the AWS CLI prints it (ISO 8601 with an offset) or the API answers it (seconds since the Unix epoch).</summary>
    private static DateTime? Time(JsonElement element, string property)
    {
        if (!element.TryGetMember(property, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds is > 0 and < 253_402_300_800)
        {
            return DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        return value.ValueKind == JsonValueKind.String && UtcTimes.TryParse(value.GetString(), out var time) ? time : null;
    }

    [GeneratedRegex(@"\(task (?<task>[0-9a-f]{32}|[0-9a-f-]{36})\)")]
    private static partial Regex TaskNamed();
}
