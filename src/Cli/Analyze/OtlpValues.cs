using System.Buffers;
using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The values of the OTLP/JSON encoding (the protobuf JSON mapping with OTLP's rules: 64-bit integers as decimal
/// strings, ids as hex, enums as numbers or names): read leniently where a value has one meaning, and with the reason
/// for the user where a value cannot be what it should.
/// </summary>
internal static class OtlpValues
{
    /// <summary>
    /// A member of an object, with protobuf JSON's rule that <c>null</c> is the field's default: absent. A null element
    /// has no members; any other element that is not an object is not the OTLP shape, as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> says.
    /// </summary>
    public static bool TryGetMember(this JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind != JsonValueKind.Null && element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>
    /// A time in nanoseconds since the Unix epoch: 0 when the field is absent or 0 (OTLP's "unknown"), which the caller
    /// decides about; false with the reason when it is not a whole number.
    /// </summary>
    public static bool TryNanos(JsonElement element, string property, out long nanos, out string problem)
    {
        nanos = 0;
        problem = "";
        if (!element.TryGetMember(property, out var value))
        {
            return true;
        }

        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out nanos),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out nanos),
            _ => false,
        };
        if (!parsed)
        {
            problem = $"{Shown(value)} is not a whole number of nanoseconds since 1970";
        }

        return parsed;
    }

    /// <summary>A number (OTLP/JSON writes 64-bit integers as strings and may write doubles as numbers or as "NaN", "Infinity"); false with the reason when it is none, or not finite.</summary>
    public static bool TryFinite(JsonElement value, string meaning, out double number, out string problem)
    {
        problem = "";
        number = 0;
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
        if (parsed && double.IsFinite(number))
        {
            return true;
        }

        problem = $"{Shown(value)} is not a number ({meaning})";
        return false;
    }

    /// <summary>A data point's reading, <c>asDouble</c> or <c>asInt</c>; false with the field and reason when it has neither, or one that is not a finite number.</summary>
    public static bool TryReading(JsonElement point, out double reading, out string field, out string problem)
    {
        field = point.TryGetMember("asDouble", out var value) ? "asDouble" : point.TryGetMember("asInt", out value) ? "asInt" : "";
        if (field.Length == 0)
        {
            (reading, field, problem) = (0, "asDouble", "missing, and so is asInt: the point has no reading");
            return false;
        }

        return TryFinite(value, "a metric's reading", out reading, out problem);
    }

    public static string? Text(JsonElement element, string property) =>
        element.TryGetMember(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// OTLP/JSON encodes trace and span ids as hex; an empty id (a root span's parent) is none. Protobuf's own JSON
    /// mapping, which Grafana Tempo's API answers in, encodes them as base64: a trace id of 24 characters and a span id
    /// of 12 that are not hex are read so and written as hex, as log lines name them.
    /// </summary>
    public static string? Id(JsonElement element, string property) => Text(element, property) switch
    {
        { Length: 24 or 12 } id when !IsHex(id) && Base64Id(id) is { } hex => hex,
        { Length: > 0 } id => id.ToLowerInvariant(),
        _ => null,
    };

    /// <summary>An id as other systems write it (Jaeger, Zipkin, X-Ray): its text lower-cased, as log lines name it; an empty id is none.</summary>
    public static string? PlainId(JsonElement element, string property) =>
        Text(element, property) is { Length: > 0 } id ? id.ToLowerInvariant() : null;

    /// <summary>Whether every character is a hex digit, as trace and span ids are written (either case).</summary>
    public static bool IsHex(ReadOnlySpan<char> digits) => !digits.ContainsAnyExcept(HexDigits);

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static string? Base64Id(string id)
    {
        Span<byte> bytes = stackalloc byte[18];
        return Convert.TryFromBase64String(id, bytes, out var written) && written is 16 or 8 ? Convert.ToHexStringLower(bytes[..written]) : null;
    }

    public static string? AnyValue(JsonElement value)
    {
        foreach (var property in value.EnumerateObject())
        {
            return property.Name switch
            {
                "stringValue" => property.Value.GetString(),
                "boolValue" or "intValue" or "doubleValue" => property.Value.ToString(),
                _ => property.Value.GetRawText(),
            };
        }

        return null;
    }

    /// <summary>
    /// A log record's name: its <c>eventName</c> (OTLP 1.5), else its <c>event.name</c> attribute (the semantic
    /// conventions' name for an event recorded as a log), else "log", as for a line that is just text.
    /// </summary>
    public static string LogName(JsonElement log)
    {
        if (Text(log, "eventName") is { Length: > 0 } eventName)
        {
            return eventName;
        }

        // The record's other attributes are not read, so one of them malformed costs nothing but this look.
        foreach (var attribute in Array(log, "attributes"))
        {
            if (attribute.ValueKind == JsonValueKind.Object && Text(attribute, "key") == "event.name"
                && attribute.TryGetMember("value", out var value) && value.ValueKind == JsonValueKind.Object && AnyValue(value) is { Length: > 0 } name)
            {
                return name;
            }
        }

        return "log";
    }

    public static IEnumerable<JsonElement> Array(JsonElement element, string property) =>
        element.TryGetMember(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    /// <summary>
    /// The resource attributes that name one replica of a service, most specific first (OpenTelemetry's semantic
    /// conventions): its own instance id, a Kubernetes pod, an ECS task, a function instance, a container, then the host.
    /// A host comes last because several replicas may share one (tasks on one EC2 instance, containers on one node).
    /// </summary>
    private static readonly string[] ReplicaKeys =
        ["service.instance.id", "k8s.pod.name", "k8s.pod.uid", "aws.ecs.task.arn", "faas.instance", "container.id", "host.name", "host.id"];

    /// <summary>How many attributes name a replica (<see cref="ReplicaRank"/>).</summary>
    public static int ReplicaKeyCount => ReplicaKeys.Length;

    /// <summary>Where an attribute ranks among those that name a replica (0 the most specific), or -1 for one that names none.</summary>
    public static int ReplicaRank(string key) => System.Array.IndexOf(ReplicaKeys, key);

    /// <summary>The service (resource <c>service.name</c>) and instance (the first of <see cref="ReplicaKeys"/> the resource has; else the service) of a resource's records.</summary>
    public static (string Service, string Instance) Origin(JsonElement resource, StringPool strings)
    {
        string? service = null;
        var replica = new string?[ReplicaKeys.Length];
        if (resource.TryGetMember("resource", out var described))
        {
            foreach (var attribute in Array(described, "attributes"))
            {
                var key = Text(attribute, "key");
                if (key == "service.name")
                {
                    service = attribute.TryGetMember("value", out var name) ? AnyValue(name) : null;
                }
                else if (key is not null && ReplicaRank(key) is var k and >= 0)
                {
                    replica[k] = attribute.TryGetMember("value", out var value) ? AnyValue(value) : null;
                }
            }
        }

        return Origin(service, replica, strings);
    }

    /// <summary>The service (<c>unknown_service</c> when unnamed, as OpenTelemetry's SDKs name it) and the instance its most specific replica name gives, by <see cref="ReplicaRank"/>; else the service.</summary>
    public static (string Service, string Instance) Origin(string? service, IReadOnlyList<string?> replica, StringPool strings)
    {
        ArgumentNullException.ThrowIfNull(replica);
        ArgumentNullException.ThrowIfNull(strings);
        var serviceName = strings.Get(string.IsNullOrWhiteSpace(service) ? "unknown_service" : service);
        foreach (var name in replica)
        {
            if (!string.IsNullOrWhiteSpace(name))
            {
                return (serviceName, strings.Get(TaskIdOf(name)));
            }
        }

        return (serviceName, serviceName);
    }

    /// <summary>An ECS task's ARN (<c>arn:aws:ecs:region:account:task/cluster/id</c>) as its id, which the ECS console shows; any other name as it is.</summary>
    private static string TaskIdOf(string name) =>
        name.StartsWith("arn:aws:ecs:", StringComparison.Ordinal) && name.LastIndexOf('/') is var slash and > 0 && slash < name.Length - 1
            ? name[(slash + 1)..]
            : name;

    /// <summary>
    /// A log record's level: its severity number, else its severity text, else (a file log receiver without a severity
    /// parser gives neither) the level its body states (<see cref="SeverityText.InMessage"/>), else INFO.
    /// </summary>
    public static LogLevel Severity(JsonElement log, string? body, out bool fromText)
    {
        fromText = false;
        switch (SeverityNumber(log))
        {
            case > 16:
                return LogLevel.Error;
            case > 12:
                return LogLevel.Warn;
            case > 8:
                return LogLevel.Info;
            case > 0:
                return LogLevel.Debug;
        }

        var text = Text(log, "severityText");
        if (!string.IsNullOrWhiteSpace(text) || body is null)
        {
            return SeverityText.LevelOf(text);
        }

        var stated = SeverityText.InMessage(body);
        fromText = stated is not null;
        return stated ?? LogLevel.Info;
    }

    /// <summary>The record's severity number, 0 where it has none (OTLP's SEVERITY_NUMBER_UNSPECIFIED).</summary>
    private static int SeverityNumber(JsonElement log) =>
        !log.TryGetMember("severityNumber", out var number) ? 0
        : number.ValueKind == JsonValueKind.Number ? number.GetInt32() : SeverityNumberOf(number.GetString());

    public static bool IsCumulative(JsonElement metric) =>
        metric.TryGetMember("aggregationTemporality", out var temporality)
        && (temporality.ValueKind == JsonValueKind.Number ? temporality.GetInt32() == 2 : temporality.GetString() is "AGGREGATION_TEMPORALITY_CUMULATIVE" or "2");

    public static bool IsFailed(JsonElement span) =>
        span.TryGetMember("status", out var status) && status.TryGetMember("code", out var code)
        && (code.ValueKind == JsonValueKind.Number ? code.GetInt32() == 2 : code.GetString() is "STATUS_CODE_ERROR" or "2");

    /// <summary>A value as the user wrote it, for a message: strings quoted, cut short.</summary>
    private static string Shown(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? $"'{UntrustedText.Cut(value.GetString())}'" : UntrustedText.Cut(value.GetRawText());

    /// <summary>The enum spelling some encoders use (<c>SEVERITY_NUMBER_ERROR</c>) as its number's range.</summary>
    private static int SeverityNumberOf(string? name) => name switch
    {
        null => 0,
        _ when name.Contains("FATAL", StringComparison.Ordinal) || name.Contains("ERROR", StringComparison.Ordinal) => 17,
        _ when name.Contains("WARN", StringComparison.Ordinal) => 13,
        _ when name.Contains("INFO", StringComparison.Ordinal) => 9,
        _ when name.Contains("DEBUG", StringComparison.Ordinal) || name.Contains("TRACE", StringComparison.Ordinal) => 5,
        _ => 0,
    };
}
