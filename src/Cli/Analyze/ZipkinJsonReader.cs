using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads traces as Zipkin writes them in its v2 JSON: <c>/api/v2/traces</c>' list of traces (each a list of spans),
/// <c>/api/v2/trace/{id}</c>'s list of spans, pretty-printed or one a line (<see cref="JsonValues"/>). A span's service
/// is its <c>localEndpoint.serviceName</c> and its instance the endpoint's address (Zipkin records no pod name; a pod's
/// address is its own); <c>timestamp</c> and <c>duration</c> are microseconds; a span tagged <c>error</c> failed;
/// its <c>exception</c> annotations are the exceptions it records (<see cref="SpanExceptions"/>). Where a server's span
/// shares its id with its client's (B3's shared spans, <c>"shared": true</c>), the client's half is given an id of its
/// own and the server's half hangs under it, so that each is a span and the server's children hang under the server.
/// A span that cannot be a record (no start, no duration or a negative one) is rejected on its own with its line and
/// field.
/// </summary>
internal sealed class ZipkinJsonReader : IJsonTelemetryFormat
{
    /// <summary>Zipkin's v2 JSON is a list of spans with a <c>localEndpoint</c>.</summary>
    public bool Recognises(string start)
    {
        var text = start.TrimStart();
        return text.StartsWith('[') && text.Contains("\"localEndpoint\"", StringComparison.Ordinal) && !text.Contains("\"resourceSpans\"", StringComparison.Ordinal);
    }

    public Action<long, JsonElement> ReaderFor(JsonInputFile file) => (line, value) => ReadValue(file, line, value);

    /// <summary>One value: a list of traces, each a list of spans, or one trace's list of spans.</summary>
    private static void ReadValue(JsonInputFile file, long line, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            file.Rejects.AddUncounted(file.Path, line, "line", "is JSON but not a list of Zipkin spans or traces");
            return;
        }

        if (value.EnumerateArray().Any(static item => item.ValueKind == JsonValueKind.Array))
        {
            var index = 0;
            foreach (var trace in value.EnumerateArray())
            {
                ReadTrace(file, line, trace, $"[{index++}]");
            }
        }
        else
        {
            ReadTrace(file, line, value, "");
        }
    }

    private static void ReadTrace(JsonInputFile file, long line, JsonElement trace, string at)
    {
        var (path, rejects) = (file.Path, file.Rejects);
        if (trace.ValueKind != JsonValueKind.Array)
        {
            rejects.AddUncounted(path, line, at.Length > 0 ? at : "line", "is not a list of spans");
            return;
        }

        // The ids a server's half shares with its client's.
        var shared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var span in trace.EnumerateArray())
        {
            if (span.ValueKind == JsonValueKind.Object && span.TryGetMember("shared", out var flag) && flag.ValueKind == JsonValueKind.True
                && OtlpValues.PlainId(span, "id") is { } id)
            {
                shared.Add(id);
            }
        }

        var index = 0;
        foreach (var span in trace.EnumerateArray())
        {
            var field = $"{at}[{index++}]";
            if (Span(span, shared, file.Strings, out var problemField, out var problem) is { } record)
            {
                file.Records.Add(record);
                ReadExceptions(file, line, field, span, record);
            }
            else
            {
                rejects.Add(path, line, problemField.Length == 0 ? field : $"{field}.{problemField}".TrimStart('.'), problem);
            }
        }
    }

    private static TelemetryRecord? Span(JsonElement span, HashSet<string> shared, StringPool strings, out string field, out string problem)
    {
        (field, problem) = ("", "");
        if (span.ValueKind != JsonValueKind.Object)
        {
            problem = "is not a span object";
            return null;
        }

        if (!JsonMicros.TrySpanTimes(span, "timestamp", out var start, out var duration, out field, out problem))
        {
            return null;
        }

        var endpoint = span.TryGetMember("localEndpoint", out var local) && local.ValueKind == JsonValueKind.Object ? local : default;
        var service = strings.Get(endpoint.ValueKind == JsonValueKind.Object && OtlpValues.Text(endpoint, "serviceName") is { Length: > 0 } named ? named : "unknown_service");
        var address = endpoint.ValueKind == JsonValueKind.Object ? OtlpValues.Text(endpoint, "ipv4") ?? OtlpValues.Text(endpoint, "ipv6") : null;
        var instance = address is null ? service : strings.Get(address);
        var id = OtlpValues.PlainId(span, "id");
        var parent = OtlpValues.PlainId(span, "parentId");
        if (id is not null && shared.Contains(id))
        {
            // The client's half takes an id of its own; the server's half hangs under it.
            var server = span.TryGetMember("shared", out var flag) && flag.ValueKind == JsonValueKind.True;
            (id, parent) = server ? (id, ClientHalf(id)) : (ClientHalf(id), parent);
        }

        return new TelemetryRecord(
            -1, JsonMicros.Time(start), TelemetryKind.Span, service, instance, strings.Get(OtlpValues.Text(span, "name") ?? ""),
            duration / 1000.0, Status: Failed(span) ? SpanStatus.Error : SpanStatus.Ok,
            TraceId: OtlpValues.PlainId(span, "traceId"), SpanId: id, ParentSpanId: parent);
    }

    /// <summary>
    /// A span's exceptions: its annotations that are OpenTelemetry's exception events, which its exporters write as
    /// <c>"exception":{"exception.type":"...","exception.message":"..."}</c>. Other annotations are not read; one whose
    /// time cannot be read is rejected on its own.
    /// </summary>
    private static void ReadExceptions(JsonInputFile file, long line, string at, JsonElement span, TelemetryRecord record)
    {
        var index = -1;
        foreach (var annotation in OtlpValues.Array(span, "annotations"))
        {
            index++;
            if (annotation.ValueKind != JsonValueKind.Object
                || OtlpValues.Text(annotation, "value") is not { } value || !value.StartsWith(ExceptionAnnotation, StringComparison.Ordinal))
            {
                continue;
            }

            if (!JsonMicros.TryTime(annotation, "timestamp", "the exception cannot be placed in time", out var micros, out var problem))
            {
                file.Rejects.Add(file.Path, line, $"{at}.annotations[{index}].timestamp".TrimStart('.'), problem);
                continue;
            }

            var attributes = value.AsSpan(ExceptionAnnotation.Length);
            file.Exceptions.Add(SpanExceptions.LogLine(
                JsonMicros.Time(micros), record.Service, record.Instance, record.TraceId, record.SpanId,
                Attribute(attributes, "exception.type"), Attribute(attributes, "exception.message"), file.Strings));
        }
    }

    private const string ExceptionAnnotation = "\"exception\":";

    /// <summary>
    /// An exception attribute's text from the annotation's attributes. OpenTelemetry Java's exporter writes the
    /// attributes' text between quotes without escaping it, so the JSON may not parse: the text is what follows the
    /// key up to the quote that ends the object or begins the next <c>exception.</c> key.
    /// </summary>
    private static string? Attribute(ReadOnlySpan<char> attributes, string key)
    {
        var opening = $"\"{key}\":\"";
        var start = attributes.IndexOf(opening, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = attributes[(start + opening.Length)..];
        var end = rest.IndexOf("\",\"exception.", StringComparison.Ordinal);
        if (end < 0)
        {
            end = rest.LastIndexOf("\"}", StringComparison.Ordinal);
        }

        var text = end < 0 ? rest : rest[..end];
        return text.Contains('\\') && TryUnescape(text) is { } unescaped ? unescaped : text.ToString();
    }

    /// <summary>Escaped JSON text (<c>\n</c>, <c>\"</c>) as the text it stands for, where it is escaped as JSON.</summary>
    private static string? TryUnescape(ReadOnlySpan<char> text)
    {
        try
        {
            return JsonSerializer.Deserialize<string>($"\"{text}\"");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ClientHalf(string id) => id + ":client";

    private static bool Failed(JsonElement span) =>
        span.TryGetMember("tags", out var tags) && tags.ValueKind == JsonValueKind.Object && tags.TryGetMember("error", out _);
}
