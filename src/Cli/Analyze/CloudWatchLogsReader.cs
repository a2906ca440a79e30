using System.Text.Json;
using System.Text.RegularExpressions;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads log lines as Amazon CloudWatch Logs gives them: <c>aws logs filter-log-events</c>' answer (<c>{"events":
/// [{"logStreamName", "timestamp", "message"}]}</c>), its events one a line (<c>jq -c '.events[]'</c>), a Logs Insights
/// query's results (<c>aws logs get-query-results</c>, with <c>@timestamp</c>, <c>@message</c> and <c>@logStream</c>
/// among the fields), or a subscription's payloads as Firehose delivers them to S3 (<c>{"logGroup", "logStream",
/// "logEvents": [...]}</c>, one after another), pretty-printed or not (<see cref="JsonValues"/>). An event names its
/// stream, not its service, so the service and instance are read from the stream's name as the platforms write it:
/// ECS's <c>awslogs</c> driver <c>prefix/container/task-id</c> (the container is the service, the task its instance, as
/// X-Ray and OTLP name it), and Fluent Bit on EKS <c>pod_namespace_container-id.log</c> (the container and the pod); a
/// Lambda function's stream, where the input names its group (<c>/aws/lambda/orders</c>), is the function's; any other
/// stream is a service and instance of its own name. The level is what the text states (<see
/// cref="SeverityText.InMessage"/>, as for an OTLP record without a severity), trace and span ids are read from the
/// text later (<see cref="LogRequestIds"/>). An event that carries metrics (CloudWatch's embedded metric format,
/// Container Insights' performance events) is read as their readings (<see cref="MetricLogEvents"/>). An event with no
/// time is rejected on its own with its line and field.
/// </summary>
internal sealed partial class CloudWatchLogsReader : IJsonTelemetryFormat
{
    /// <summary>CloudWatch Logs' JSON holds filter-log-events' events (each naming its log stream), or Logs Insights' results.</summary>
    public bool Recognises(string start)
    {
        var text = start.TrimStart();
        return (text.StartsWith('{') || text.StartsWith('['))
            && (text.Contains("\"logStreamName\"", StringComparison.Ordinal)
                || (text.Contains("\"logEvents\"", StringComparison.Ordinal) && text.Contains("\"logGroup\"", StringComparison.Ordinal))
                || (text.Contains("\"results\"", StringComparison.Ordinal) && text.Contains("\"@message\"", StringComparison.Ordinal)));
    }

    public Action<long, JsonElement> ReaderFor(JsonInputFile file)
    {
        // A file's streams repeat: each stream's name is read once.
        var origins = new Dictionary<string, (string Service, string Instance)>(StringComparer.Ordinal);
        return (line, value) =>
        {
            if (!ReadValue(new Place(file.Path, line, file.Records, file.Strings, file.Rejects, origins), value, ""))
            {
                file.Rejects.AddUncounted(file.Path, line, "line",
                    "is JSON but holds no CloudWatch Logs event (events with logStreamName, timestamp and message) nor Logs Insights results");
            }
        };
    }

    private sealed record Place(
        string Path, long Line, List<TelemetryRecord> Records, StringPool Strings, InputRejects Rejects, Dictionary<string, (string Service, string Instance)> Origins)
    {
        /// <param name="group">The stream's log group, where the input names it (a subscription's payload, Logs Insights' <c>@log</c>).</param>
        public (string Service, string Instance) Origin(string? stream, string? group = null)
        {
            var key = $"{group}\n{stream}";
            if (!Origins.TryGetValue(key, out var origin))
            {
                var (service, instance) = StreamOrigin(stream ?? "", group);
                Origins[key] = origin = (Strings.Get(service), Strings.Get(instance));
            }

            return origin;
        }

        public void Add(DateTime time, (string Service, string Instance) origin, string? message, string at)
        {
            // ECS's events, which an EventBridge rule sends to a log group, are events, not log lines.
            if (EcsStateChanges.MayBe(message) && EcsEvent(message!, at))
            {
                return;
            }

            switch (MetricLogEvents.Read(message, time, origin, Strings, Records))
            {
                case MetricLogEvents.Outcome.Read:
                    Rejects.AddMetricLogEvents(1);
                    return;
                case MetricLogEvents.Outcome.Aggregate:
                    Rejects.AddAggregateLogEvents(1);
                    return;
            }

            var stated = message is null ? null : SeverityText.InMessage(message);
            Rejects.AddLevelsFromText(stated is null ? 0 : 1);
            Records.Add(new TelemetryRecord(-1, time, TelemetryKind.Log, origin.Service, origin.Instance, Strings.Get("log"), 0, Level: stated ?? LogLevel.Info, Message: message));
        }

        /// <summary>True when <paramref name="message"/> is an ECS event, read as one (or rejected with its field).</summary>
        private bool EcsEvent(string message, string at)
        {
            try
            {
                using var document = JsonDocument.Parse(message);
                if (!EcsStateChanges.TryRead(document.RootElement, Strings, Records, out var problem))
                {
                    return false;
                }

                if (problem is { } unread)
                {
                    Rejects.Add(Path, Line, $"{at}.message.{unread.Field}", unread.Reason);
                }

                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }

    /// <summary>False when the value holds neither events nor query results.</summary>
    private static bool ReadValue(Place place, JsonElement value, string at) =>
        JsonAnswers.Each(value, at, (answer, path) => ReadAnswer(place, answer, path));

    private static bool ReadAnswer(Place place, JsonElement value, string at)
    {
        if (JsonAnswers.Items(value, "events", at, (logEvent, eventAt) => ReadEvent(place, logEvent, eventAt))
            || JsonAnswers.Items(value, "results", at, (row, rowAt) => ReadResult(place, row, rowAt)))
        {
            return true;
        }

        if (value.TryGetMember("logStreamName", out _))
        {
            ReadEvent(place, value, at.TrimEnd('.'));
            return true;
        }

        // A subscription's payload, as Firehose delivers it to S3: a stream's events with the stream and group named once.
        if (value.TryGetMember("logEvents", out var logEvents) && logEvents.ValueKind == JsonValueKind.Array)
        {
            var named = (OtlpValues.Text(value, "logStream"), OtlpValues.Text(value, "logGroup"));
            var index = 0;
            foreach (var logEvent in logEvents.EnumerateArray())
            {
                ReadEvent(place, logEvent, $"{at}logEvents[{index++}]", named);
            }

            return true;
        }

        // Firehose's check that the subscription works carries no events.
        if (OtlpValues.Text(value, "messageType") == "CONTROL_MESSAGE")
        {
            return true;
        }

        return false;
    }

    /// <param name="stream">The event's stream and group where its container names them (a subscription's payload); else its own <c>logStreamName</c>.</param>
    private static void ReadEvent(Place place, JsonElement logEvent, string at, (string? Stream, string? Group)? stream = null)
    {
        var field = at.Length > 0 ? at + ".timestamp" : "timestamp";
        if (logEvent.ValueKind != JsonValueKind.Object)
        {
            place.Rejects.Add(place.Path, place.Line, at, "is not an event object");
            return;
        }

        if (!logEvent.TryGetMember("timestamp", out var stamp))
        {
            place.Rejects.Add(place.Path, place.Line, field, "missing: the line cannot be placed in time");
            return;
        }

        if (stamp.ValueKind != JsonValueKind.Number || !stamp.TryGetInt64(out var millis) || millis <= 0)
        {
            place.Rejects.Add(place.Path, place.Line, field, $"{UntrustedText.Cut(stamp.GetRawText())} is not a whole number of milliseconds since 1970");
            return;
        }

        var origin = stream is { } named ? place.Origin(named.Stream, named.Group) : place.Origin(OtlpValues.Text(logEvent, "logStreamName"));
        place.Add(DateTime.UnixEpoch.AddMilliseconds(millis), origin, OtlpValues.Text(logEvent, "message"), at);
    }

    /// <summary>One row of Logs Insights' results: a list of fields and values, <c>@timestamp</c> in UTC as Logs Insights writes it.</summary>
    private static void ReadResult(Place place, JsonElement row, string at)
    {
        if (row.ValueKind != JsonValueKind.Array)
        {
            place.Rejects.Add(place.Path, place.Line, at, "is not a list of fields and values");
            return;
        }

        string? time = null, message = null, stream = null, group = null;
        foreach (var cell in row.EnumerateArray())
        {
            switch (OtlpValues.Text(cell, "field"))
            {
                case "@timestamp":
                    time = OtlpValues.Text(cell, "value");
                    break;
                case "@message":
                    message = OtlpValues.Text(cell, "value");
                    break;
                case "@logStream":
                    stream = OtlpValues.Text(cell, "value");
                    break;
                case "@log":
                    // account-id:log-group
                    group = OtlpValues.Text(cell, "value") is { } log && log.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? log[(colon + 1)..] : null;
                    break;
            }
        }

        if (time is null)
        {
            place.Rejects.Add(place.Path, place.Line, $"{at}.@timestamp", "missing: the line cannot be placed in time (the query's fields must include @timestamp)");
            return;
        }

        if (!UtcTimes.TryParse(time, out var parsed))
        {
            place.Rejects.Add(place.Path, place.Line, $"{at}.@timestamp", $"'{UntrustedText.Cut(time)}' is not a time (Logs Insights writes 2026-01-05 00:00:00.000)");
            return;
        }

        place.Add(parsed, place.Origin(stream, group), message, at);
    }

    /// <summary>The service and instance a log stream's name gives (see the class's summary), and a Lambda function's log group its function.</summary>
    internal static (string Service, string Instance) StreamOrigin(string stream, string? group = null)
    {
        if (EcsStream().Match(stream) is { Success: true } ecs)
        {
            return (ecs.Groups["container"].Value, ecs.Groups["task"].Value);
        }

        if (EksStream().Match(stream) is { Success: true } eks)
        {
            return (eks.Groups["container"].Value, eks.Groups["pod"].Value);
        }

        // A Lambda function's streams are its execution environments: 2026/01/05/[$LATEST]0123...
        if (group is not null && group.StartsWith(LambdaGroups, StringComparison.Ordinal) && group.Length > LambdaGroups.Length)
        {
            return (group[LambdaGroups.Length..], stream.Length > 0 ? stream : group[LambdaGroups.Length..]);
        }

        return stream.Length > 0 ? (stream, stream) : ("unknown_service", "unknown_service");
    }

    private const string LambdaGroups = "/aws/lambda/";

    /// <summary>ECS's awslogs driver: <c>prefix/container-name/task-id</c>, the task id 32 hex digits (or a UUID, before 2019's ARN format).</summary>
    [GeneratedRegex(@"^[^/]+/(?<container>[^/]+)/(?<task>[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")]
    private static partial Regex EcsStream();

    /// <summary>Fluent Bit's Kubernetes stream: <c>[prefix.]pod_namespace_container-containerid[.log]</c>.</summary>
    [GeneratedRegex(@"(?:^|\.)(?<pod>[a-z0-9][a-z0-9-]*)_(?<namespace>[a-z0-9-]+)_(?<container>[a-z0-9-]+)-[0-9a-f]{64}(?:\.log)?$")]
    private static partial Regex EksStream();
}
