using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads AWS X-Ray traces as its API gives them: <c>aws xray batch-get-traces</c>' answer (<c>{"Traces": [{"Segments":
/// [{"Document": "..."}]}]}</c>), one trace of it, or segment documents themselves, pretty-printed or one a line
/// (<see cref="JsonValues"/>). A segment is a span of the service it names; its subsegments (the service's own work and
/// its calls out) are spans of the same service under it, nested as they are nested; a segment's <c>parent_id</c> is
/// the caller's subsegment, which joins the services' calls. The instance is the most specific replica the segment's
/// <c>aws</c> block names (an EKS pod, an ECS task, a container, an EC2 instance; <see cref="OtlpValues.Origin(string, IReadOnlyList{string}, StringPool)"/>).
/// A segment's operation is its request's method and path where it has one, else its name. Times are seconds since
/// 1970; trace ids become the W3C ids OpenTelemetry logs carry (<see cref="XRayTraceIds"/>). As OpenTelemetry's conventions have it, a call out failed on an error,
/// fault or throttle, a segment only on a fault (a 4xx answer is the caller's mistake). Segments X-Ray inferred for an
/// uninstrumented resource repeat their calling subsegment and are left out. A segment or subsegment that cannot be a
/// record (no start, no end or one before its start, still in progress) is rejected on its own with its line and field;
/// its subsegments are read as ever. The exceptions a (sub)segment's <c>cause</c> lists are exceptions recorded on its
/// span (<see cref="SpanExceptions"/>).
/// </summary>
internal sealed class XRayJsonReader : IJsonTelemetryFormat
{
    /// <summary>X-Ray's JSON holds the API's segments with their documents, or is a segment document.</summary>
    public bool Recognises(string start)
    {
        var text = start.TrimStart();
        return (text.StartsWith('{') || text.StartsWith('['))
            && ((text.Contains("\"Segments\"", StringComparison.Ordinal) && text.Contains("\"Document\"", StringComparison.Ordinal))
                || (text.Contains("\"trace_id\"", StringComparison.Ordinal) && text.Contains("\"start_time\"", StringComparison.Ordinal)));
    }

    public Action<long, JsonElement> ReaderFor(JsonInputFile file) =>
        (line, value) => ReadValue(new Place(file.Path, line, file.Records, file.Strings, file.Rejects, file.Exceptions), value, "");

    /// <summary>Where the records and exceptions of one value go, and its file and line for the rejections.</summary>
    private sealed record Place(string Path, long Line, List<TelemetryRecord> Records, StringPool Strings, InputRejects Rejects, SpanExceptions Exceptions)
    {
        public void Reject(string field, string reason) => Rejects.Add(Path, Line, field, reason);
    }

    private static void ReadValue(Place place, JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                ReadValue(place, item, $"{at}[{index++}].");
            }
        }
        else if (value.ValueKind == JsonValueKind.Object && value.TryGetMember("Traces", out var traces) && traces.ValueKind == JsonValueKind.Array)
        {
            ReadValue(place, traces, at + "Traces");
        }
        else if (value.ValueKind == JsonValueKind.Object && value.TryGetMember("Segments", out var segments) && segments.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var segment in segments.EnumerateArray())
            {
                ReadDocument(place, segment, $"{at}Segments[{index++}].Document");
            }
        }
        else if (value.ValueKind == JsonValueKind.Object && value.TryGetMember("trace_id", out _))
        {
            ReadSegment(place, value, at.TrimEnd('.'));
        }
        else
        {
            place.Rejects.AddUncounted(place.Path, place.Line, at.Length > 0 ? at.TrimEnd('.') : "line",
                "is JSON but holds no X-Ray trace (Traces or Segments with their Documents, or a segment document with its trace_id)");
        }
    }

    /// <summary>A segment as the API gives it: its document is JSON in a string.</summary>
    private static void ReadDocument(Place place, JsonElement segment, string at)
    {
        if (OtlpValues.Text(segment, "Document") is not { } text)
        {
            place.Rejects.AddUncounted(place.Path, place.Line, at, "missing or not text: the segment cannot be read");
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 1024 });
        }
        catch (JsonException ex)
        {
            place.Rejects.AddUncounted(place.Path, place.Line, at, $"is not JSON ({UntrustedText.Cut(ex.Message)}): what the segment held cannot be told");
            return;
        }

        using (document)
        {
            ReadSegment(place, document.RootElement, at);
        }
    }

    private static void ReadSegment(Place place, JsonElement segment, string at)
    {
        if (segment.ValueKind != JsonValueKind.Object || (segment.TryGetMember("inferred", out var inferred) && inferred.ValueKind == JsonValueKind.True))
        {
            return;
        }

        var (service, instance) = Origin(segment, place.Strings);
        var traceId = TraceId(OtlpValues.Text(segment, "trace_id"));
        var operation = Operation(segment) ?? service;
        Span(place, segment, at, service, instance, operation, traceId, OtlpValues.Text(segment, "parent_id"), callOut: false);
        ReadSubsegments(place, segment, at, service, instance, traceId, OtlpValues.PlainId(segment, "id"));
    }

    private static void ReadSubsegments(Place place, JsonElement parent, string at, string service, string instance, string? traceId, string? parentId)
    {
        var index = 0;
        foreach (var subsegment in OtlpValues.Array(parent, "subsegments"))
        {
            var field = $"{at}.subsegments[{index++}]";
            if (subsegment.ValueKind != JsonValueKind.Object)
            {
                place.Reject(field, "is not a subsegment object");
                continue;
            }

            var name = OtlpValues.Text(subsegment, "name") ?? "";
            Span(place, subsegment, field, service, instance, name, traceId, parentId, callOut: OtlpValues.Text(subsegment, "namespace") is "remote" or "aws");
            ReadSubsegments(place, subsegment, field, service, instance, traceId, OtlpValues.PlainId(subsegment, "id"));
        }
    }

    /// <summary>Adds the (sub)segment's span, or rejects it; its subsegments are read either way, under its id.</summary>
    private static void Span(Place place, JsonElement segment, string at, string service, string instance, string operation, string? traceId, string? parentId, bool callOut)
    {
        if (segment.TryGetMember("in_progress", out var running) && running.ValueKind == JsonValueKind.True)
        {
            place.Reject($"{at}.in_progress", "true: the request had not ended when the trace was read, so it has no duration");
            return;
        }

        if (Seconds(segment, "start_time", "it cannot be placed in time", out var start) is { } startProblem)
        {
            place.Reject($"{at}.start_time", startProblem);
            return;
        }

        if (Seconds(segment, "end_time", "it has no duration", out var end) is { } endProblem)
        {
            place.Reject($"{at}.end_time", endProblem);
            return;
        }

        if (end < start)
        {
            place.Reject($"{at}.end_time", $"{end.ToString(CultureInfo.InvariantCulture)} is before its start ({start.ToString(CultureInfo.InvariantCulture)}): a span cannot end before it starts");
            return;
        }

        var failed = Flag(segment, "fault") || (callOut && (Flag(segment, "error") || Flag(segment, "throttle")));
        var spanId = OtlpValues.PlainId(segment, "id");
        place.Records.Add(new TelemetryRecord(
            -1, Time(start), TelemetryKind.Span, service, instance, place.Strings.Get(operation), Math.Round((end - start) * 1e6) / 1000.0,
            Status: failed ? SpanStatus.Error : SpanStatus.Ok, TraceId: traceId, SpanId: spanId, ParentSpanId: parentId?.ToLowerInvariant()));

        // The exceptions the (sub)segment records, at its end (X-Ray keeps no time of their own). A cause that is an
        // exception's id names one a subsegment records, read there.
        if (segment.TryGetMember("cause", out var cause) && cause.ValueKind == JsonValueKind.Object)
        {
            foreach (var exception in OtlpValues.Array(cause, "exceptions"))
            {
                if (exception.ValueKind == JsonValueKind.Object)
                {
                    place.Exceptions.Add(SpanExceptions.LogLine(
                        Time(end), service, instance, traceId, spanId, OtlpValues.Text(exception, "type"), OtlpValues.Text(exception, "message"), place.Strings));
                }
            }
        }
    }

    /// <summary>The segment's request as "GET /cart" (the path without its query), where it records one.</summary>
    private static string? Operation(JsonElement segment)
    {
        if (!segment.TryGetMember("http", out var http) || !http.TryGetMember("request", out var request) || request.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var method = OtlpValues.Text(request, "method");
        var url = OtlpValues.Text(request, "url");
        if (method is null || url is null)
        {
            return null;
        }

        var path = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? Uri.UnescapeDataString(absolute.AbsolutePath) : url.Split('?', 2)[0];
        return $"{method} {path}";
    }

    /// <summary>
    /// The service the segment names and the replica its <c>aws</c> block names, mapped onto the replica attributes an
    /// OTLP resource would carry (an EKS pod, an ECS task, a container id, the container's host name, an EC2 instance).
    /// </summary>
    private static (string Service, string Instance) Origin(JsonElement segment, StringPool strings)
    {
        var replica = new string?[OtlpValues.ReplicaKeyCount];
        if (segment.TryGetMember("aws", out var aws) && aws.ValueKind == JsonValueKind.Object)
        {
            Name(replica, "k8s.pod.name", aws, "eks", "pod");
            Name(replica, "aws.ecs.task.arn", aws, "ecs", "task_arn");
            Name(replica, "container.id", aws, "ecs", "container_id");
            Name(replica, "container.id", aws, "eks", "container_id");
            Name(replica, "host.name", aws, "ecs", "container");
            Name(replica, "host.id", aws, "ec2", "instance_id");
        }

        return OtlpValues.Origin(OtlpValues.Text(segment, "name"), replica, strings);
    }

    private static void Name(string?[] replica, string key, JsonElement aws, string platform, string field)
    {
        var rank = OtlpValues.ReplicaRank(key);
        if (replica[rank] is null && aws.TryGetMember(platform, out var block) && block.ValueKind == JsonValueKind.Object)
        {
            replica[rank] = OtlpValues.Text(block, field);
        }
    }

    /// <summary>The W3C trace id (<see cref="XRayTraceIds"/>); an id of another form as it is.</summary>
    private static string? TraceId(string? id) =>
        id is { Length: > 0 } ? XRayTraceIds.ToW3C(id) ?? id.ToLowerInvariant() : null;


    private static bool Flag(JsonElement element, string property) =>
        element.TryGetMember(property, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Seconds since 1970 (X-Ray writes them with a fraction); else why not, <paramref name="missing"/> where the field is absent.</summary>
    private static string? Seconds(JsonElement element, string property, string missing, out double seconds)
    {
        seconds = 0;
        if (!element.TryGetMember(property, out var value))
        {
            return $"missing: {missing}";
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out seconds) || !double.IsFinite(seconds) || seconds <= 0)
        {
            return $"{UntrustedText.Cut(value.GetRawText())} is not a time in seconds since 1970";
        }

        return null;
    }

    /// <summary>To the microsecond, the finest X-Ray records (a double holds no finer at today's seconds since 1970).</summary>
    private static DateTime Time(double seconds) => DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * 1e6) * (TimeSpan.TicksPerMillisecond / 1000));
}
