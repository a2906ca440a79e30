using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads traces as Jaeger writes them in JSON: its query API (<c>/api/traces</c>, <c>{"data": [trace, ...]}</c>) and
/// the UI's download, one trace or an array of them, pretty-printed or one a line (<see cref="JsonValues"/>). A trace
/// holds its spans and, under <c>processes</c>, the processes that recorded them: a span's service is its process's
/// <c>serviceName</c> and its instance the most specific replica name among the process's tags (as an OTLP resource's,
/// <see cref="OtlpValues.Origin(string, IReadOnlyList{string}, StringPool)"/>; Jaeger's own clients tag the host as
/// <c>hostname</c>). Times and durations are microseconds; the parent is the span a <c>CHILD_OF</c> reference names
/// (else the first reference, else the older <c>parentSpanID</c>); a span is failed when tagged <c>error</c> true or
/// <c>otel.status_code</c> ERROR; its logs of an exception or error are the exceptions it records
/// (<see cref="SpanExceptions"/>). A span that cannot be a record (no start, no duration or a negative one, a process its
/// trace does not list) is rejected on its own with its line and field.
/// </summary>
internal sealed class JaegerJsonReader : IJsonTelemetryFormat
{
    /// <summary>Jaeger's JSON names a trace's <c>traceID</c> (OTLP spells it <c>traceId</c>) and a span's <c>operationName</c>.</summary>
    public bool Recognises(string start)
    {
        var text = start.TrimStart();
        return (text.StartsWith('{') || text.StartsWith('['))
            && text.Contains("\"traceID\"", StringComparison.Ordinal)
            && text.Contains("\"operationName\"", StringComparison.Ordinal);
    }

    public Action<long, JsonElement> ReaderFor(JsonInputFile file) => (line, value) => ReadValue(file, line, value);

    /// <summary>One value: the query API's response, one trace, or an array of either.</summary>
    private static void ReadValue(JsonInputFile file, long line, JsonElement value)
    {
        var (path, rejects) = (file.Path, file.Rejects);
        var traces = 0;
        foreach (var (at, trace) in Traces(value, ""))
        {
            traces++;
            if (!trace.TryGetMember("spans", out var spans) || spans.ValueKind != JsonValueKind.Array)
            {
                rejects.AddUncounted(path, line, at + "spans", "missing or not an array: the trace's spans cannot be read");
                continue;
            }

            var processes = trace.TryGetMember("processes", out var listed) && listed.ValueKind == JsonValueKind.Object ? listed : default;
            var index = 0;
            foreach (var span in spans.EnumerateArray())
            {
                var field = $"{at}spans[{index++}]";
                if (Span(span, trace, processes, file.Strings, out var problemField, out var problem) is { } record)
                {
                    file.Records.Add(record);
                    ReadExceptions(file, line, field, span, record);
                }
                else
                {
                    rejects.Add(path, line, problemField.Length == 0 ? field : $"{field}.{problemField}", problem);
                }
            }
        }

        if (traces == 0)
        {
            rejects.AddUncounted(path, line, "line", "is JSON but holds no Jaeger trace (an object with traceID and spans, or the query API's data)");
        }
    }

    private static IEnumerable<(string At, JsonElement Trace)> Traces(JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                foreach (var trace in Traces(item, $"{at}[{index++}]."))
                {
                    yield return trace;
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Object && value.TryGetMember("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var trace in Traces(data, at + "data"))
            {
                yield return trace;
            }
        }
        else if (value.ValueKind == JsonValueKind.Object && (value.TryGetMember("spans", out _) || value.TryGetMember("traceID", out _)))
        {
            yield return (at, value);
        }
    }

    private static TelemetryRecord? Span(JsonElement span, JsonElement trace, JsonElement processes, StringPool strings, out string field, out string problem)
    {
        (field, problem) = ("", "");
        if (span.ValueKind != JsonValueKind.Object)
        {
            (field, problem) = ("", "is not a span object");
            return null;
        }

        if (!JsonMicros.TrySpanTimes(span, "startTime", out var start, out var duration, out field, out problem))
        {
            return null;
        }

        if (Process(span, processes) is not { } process)
        {
            (field, problem) = ("processID", OtlpValues.Text(span, "processID") is { } id
                ? $"'{UntrustedText.Cut(id)}' names no process in the trace's processes: the span's service is unknown"
                : "missing, and the span has no process of its own: its service is unknown");
            return null;
        }

        var (service, instance) = Origin(process, strings);
        var traceId = Id(span, "traceID") ?? Id(trace, "traceID");
        return new TelemetryRecord(
            -1, JsonMicros.Time(start), TelemetryKind.Span, service, instance, strings.Get(OtlpValues.Text(span, "operationName") ?? ""),
            duration / 1000.0, Status: Failed(span) ? SpanStatus.Error : SpanStatus.Ok,
            TraceId: traceId, SpanId: Id(span, "spanID"), ParentSpanId: Parent(span));
    }

    /// <summary>The span's process: its own (<c>process</c>, as Jaeger's model writes it) or the trace's entry its <c>processID</c> names.</summary>
    private static JsonElement? Process(JsonElement span, JsonElement processes)
    {
        if (span.TryGetMember("process", out var own) && own.ValueKind == JsonValueKind.Object)
        {
            return own;
        }

        return OtlpValues.Text(span, "processID") is { } id && processes.ValueKind == JsonValueKind.Object
            && processes.TryGetMember(id, out var listed) && listed.ValueKind == JsonValueKind.Object
            ? listed
            : null;
    }

    /// <summary>
    /// A span's exceptions: its logs whose <c>event</c> is <c>exception</c> (OpenTelemetry's span events, as Jaeger keeps
    /// them: <c>exception.type</c>, <c>exception.message</c>) or <c>error</c> (OpenTracing's convention: <c>error.kind</c>,
    /// and <c>message</c> or <c>error.object</c>). Other logs are not read; one whose time cannot be read is rejected on its own.
    /// </summary>
    private static void ReadExceptions(JsonInputFile file, long line, string at, JsonElement span, TelemetryRecord record)
    {
        var index = -1;
        foreach (var log in OtlpValues.Array(span, "logs"))
        {
            index++;
            if (log.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            string? kind = null, type = null, message = null, errorObject = null;
            foreach (var (key, value) in KeyValues(log, "fields"))
            {
                switch (key)
                {
                    case "event":
                        kind = value;
                        break;
                    case "exception.type" or "error.kind":
                        type ??= value;
                        break;
                    case "exception.message" or "message":
                        message ??= value;
                        break;
                    case "error.object":
                        errorObject = value;
                        break;
                }
            }

            if (kind is not ("exception" or "error"))
            {
                continue;
            }

            if (!JsonMicros.TryTime(log, "timestamp", "the exception cannot be placed in time", out var micros, out var problem))
            {
                file.Rejects.Add(file.Path, line, $"{at}.logs[{index}].timestamp", problem);
                continue;
            }

            file.Exceptions.Add(SpanExceptions.LogLine(
                JsonMicros.Time(micros), record.Service, record.Instance, record.TraceId, record.SpanId, type, message ?? errorObject, file.Strings));
        }
    }

    private static (string Service, string Instance) Origin(JsonElement process, StringPool strings)
    {
        var replica = new string?[OtlpValues.ReplicaKeyCount];
        foreach (var (key, value) in Tags(process))
        {
            // Jaeger's own clients tag the host as "hostname".
            if (OtlpValues.ReplicaRank(key == "hostname" ? "host.name" : key) is var rank and >= 0)
            {
                replica[rank] = value;
            }
        }

        return OtlpValues.Origin(OtlpValues.Text(process, "serviceName"), replica, strings);
    }

    private static bool Failed(JsonElement span)
    {
        foreach (var (key, value) in Tags(span))
        {
            if ((key == "error" && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
                || (key == "otel.status_code" && string.Equals(value, "ERROR", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The span a <c>CHILD_OF</c> reference names, else the first reference's, else the older <c>parentSpanID</c>; none for a root.</summary>
    private static string? Parent(JsonElement span)
    {
        string? first = null;
        foreach (var reference in OtlpValues.Array(span, "references"))
        {
            if (reference.ValueKind != JsonValueKind.Object || Id(reference, "spanID") is not { } id)
            {
                continue;
            }

            if (OtlpValues.Text(reference, "refType") == "CHILD_OF")
            {
                return id;
            }

            first ??= id;
        }

        return first ?? Id(span, "parentSpanID");
    }

    private static IEnumerable<(string Key, string? Value)> Tags(JsonElement owner) => KeyValues(owner, "tags");

    /// <summary>A list of Jaeger's key-values (<c>{"key", "type", "value"}</c>: a span's tags, a log's fields) as keys and values in text; one without a key is passed over.</summary>
    private static IEnumerable<(string Key, string? Value)> KeyValues(JsonElement owner, string property)
    {
        foreach (var tag in OtlpValues.Array(owner, property))
        {
            if (tag.ValueKind == JsonValueKind.Object && OtlpValues.Text(tag, "key") is { } key)
            {
                yield return (key, tag.TryGetMember("value", out var value)
                    ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                    : null);
            }
        }
    }

    /// <summary>Jaeger's ids are hex; "0" and an empty id name no span.</summary>
    private static string? Id(JsonElement element, string property) =>
        OtlpValues.PlainId(element, property) is { } id && id.Trim('0').Length > 0 ? id : null;
}
