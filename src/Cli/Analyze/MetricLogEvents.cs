using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Log events that carry metrics rather than words: CloudWatch's embedded metric format (EMF: a JSON line whose
/// <c>_aws.CloudWatchMetrics</c> names the fields that are metrics, as Lambda Powertools and the CloudWatch agent
/// write them) and Container Insights' performance events (<c>{"Type": "Container", "TaskId", "CpuUtilized",
/// "MemoryUtilized", ...}</c>). Each metric field becomes a reading of the service and instance the event names (ECS's
/// container and task, or Kubernetes' container and pod; else an EMF line's <c>ServiceName</c> or <c>service</c>
/// dimension), falling back to its log stream's. Container Insights' events of a task, service, pod, node or cluster
/// sum their containers' or the hosts', so only the containers' are read; the others are counted, not read.
/// </summary>
internal static class MetricLogEvents
{
    /// <summary>What an event turned out to be.</summary>
    public enum Outcome
    {
        /// <summary>A log line: no metrics in it.</summary>
        LogLine,

        /// <summary>Its metrics were read.</summary>
        Read,

        /// <summary>A Container Insights event of a task, service, pod, node or cluster: its containers' events are read instead.</summary>
        Aggregate,
    }

    private static readonly string[] NotMetrics = ["Timestamp", "Version"];
    private static readonly string[] ServiceKeys = ["ServiceName", "Service", "service", "FunctionName"];
    private static readonly string[] InstanceKeys = ["TaskId", "PodName", "InstanceId"];

    /// <param name="time">The event's time, where the line does not give its own.</param>
    /// <param name="stream">The service and instance its log stream's name gives.</param>
    public static Outcome Read(string? message, DateTime time, (string Service, string Instance) stream, StringPool strings, List<TelemetryRecord> records)
    {
        // Most lines are words: only a line that could be such an object is parsed.
        if (message is null || !message.AsSpan().TrimStart().StartsWith("{")
            || (!message.Contains("\"_aws\"", StringComparison.Ordinal) && !message.Contains("\"Type\"", StringComparison.Ordinal)))
        {
            return Outcome.LogLine;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            return Outcome.LogLine;
        }

        using (document)
        {
            var root = document.RootElement;
            var emf = root.TryGetMember("_aws", out var aws) && aws.ValueKind == JsonValueKind.Object
                && aws.TryGetMember("CloudWatchMetrics", out var directives) && directives.ValueKind == JsonValueKind.Array;
            var performance = OtlpValues.Text(root, "Type") is not null
                && (root.TryGetMember("TaskId", out _) || root.TryGetMember("ClusterName", out _) || root.TryGetMember("kubernetes", out _));
            if (!emf && !performance)
            {
                return Outcome.LogLine;
            }

            if (performance && OtlpValues.Text(root, "Type") != "Container")
            {
                return Outcome.Aggregate;
            }

            var at = Millis(emf ? aws : root, "Timestamp") is { } millis ? DateTime.UnixEpoch.AddMilliseconds(millis) : time;
            var (service, instance) = Origin(root, stream, strings);
            foreach (var (name, value) in emf ? Declared(root, aws) : Numeric(root))
            {
                Add(records, at, service, instance, strings.Get(name), value);
            }

            return Outcome.Read;
        }
    }

    /// <summary>An EMF line's metrics: the fields its directives name, each a number or a list of numbers.</summary>
    private static IEnumerable<(string Name, JsonElement Value)> Declared(JsonElement root, JsonElement aws)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directive in OtlpValues.Array(aws, "CloudWatchMetrics"))
        {
            foreach (var metric in OtlpValues.Array(directive, "Metrics"))
            {
                if (OtlpValues.Text(metric, "Name") is { } name && names.Add(name) && root.TryGetMember(name, out var value))
                {
                    yield return (name, value);
                }
            }
        }
    }

    /// <summary>A performance event's metrics: its numeric fields but its time and version.</summary>
    private static IEnumerable<(string Name, JsonElement Value)> Numeric(JsonElement root)
    {
        foreach (var field in root.EnumerateObject())
        {
            if (field.Value.ValueKind == JsonValueKind.Number && Array.IndexOf(NotMetrics, field.Name) < 0)
            {
                yield return (field.Name, field.Value);
            }
        }
    }

    private static void Add(List<TelemetryRecord> records, DateTime time, string service, string instance, string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                Add(records, time, service, instance, name, item);
            }
        }
        else if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var reading) && double.IsFinite(reading))
        {
            records.Add(new TelemetryRecord(-1, time, TelemetryKind.Metric, service, instance, name, reading));
        }
    }

    /// <summary>
    /// The container and its task or pod where the event is a container's; else the service and instance its fields
    /// name; else its stream's.
    /// </summary>
    private static (string Service, string Instance) Origin(JsonElement root, (string Service, string Instance) stream, StringPool strings)
    {
        var kubernetes = root.TryGetMember("kubernetes", out var k8s) && k8s.ValueKind == JsonValueKind.Object ? k8s : default;
        var service = OtlpValues.Text(root, "ContainerName")
            ?? (kubernetes.ValueKind == JsonValueKind.Object ? OtlpValues.Text(kubernetes, "container_name") : null)
            ?? ServiceKeys.Select(key => OtlpValues.Text(root, key)).FirstOrDefault(static name => !string.IsNullOrWhiteSpace(name));
        var instance = InstanceKeys.Select(key => OtlpValues.Text(root, key)).FirstOrDefault(static name => !string.IsNullOrWhiteSpace(name))
            ?? (kubernetes.ValueKind == JsonValueKind.Object ? OtlpValues.Text(kubernetes, "pod_name") : null);
        return service is null
            ? stream
            : (strings.Get(service), strings.Get(instance ?? (service == stream.Service ? stream.Instance : service)));
    }

    /// <summary>Milliseconds since 1970, a number or (as Container Insights on EKS writes it) one in quotes.</summary>
    private static long? Millis(JsonElement owner, string property)
    {
        if (!owner.TryGetMember(property, out var value))
        {
            return null;
        }

        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out var number) ? number : 0,
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var text) ? text : 0,
            _ => 0,
        };
        return parsed > 0 ? parsed : null;
    }
}
