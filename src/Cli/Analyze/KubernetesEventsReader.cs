using System.Text.Json;
using System.Text.RegularExpressions;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads Kubernetes' events as <c>kubectl get events -A -o json</c> answers (a <c>List</c> of <c>Event</c>s, core/v1 or
/// events.k8s.io/v1), one answer or several, their events one a line (<c>jq -c '.items[]'</c>), or what
/// <c>kubectl get events -w -o json</c> prints, as event records: rollouts, scaling, restarts and failing probes are
/// what a change before an incident looks like (<see cref="EventName"/>). An event's service is the container it names
/// (<c>spec.containers{cart}</c>), else the workload its object belongs to (a Deployment's or an autoscaler's name, a
/// pod's name less its replica set's and its own suffix); its instance the pod. An event seen several times
/// (<c>count</c>) is two records, at its first and its last time. An event with no time is rejected on its own with its
/// line and field.
/// </summary>
internal sealed partial class KubernetesEventsReader : IJsonTelemetryFormat
{
    /// <summary>Kubernetes' events name the object they are about: <c>involvedObject</c> (core/v1) or <c>regarding</c> (events.k8s.io/v1).</summary>
    public bool Recognises(string start)
    {
        var text = start.TrimStart();
        return (text.StartsWith('{') || text.StartsWith('['))
            && (text.Contains("\"involvedObject\"", StringComparison.Ordinal)
                || (text.Contains("\"regarding\"", StringComparison.Ordinal) && text.Contains("\"reportingController\"", StringComparison.Ordinal)));
    }

    public Action<long, JsonElement> ReaderFor(JsonInputFile file)
    {
        var scalings = new Dictionary<string, List<Scaling>>(StringComparer.Ordinal);
        return (line, value) =>
        {
            if (!ReadValue(new Place(file, line, scalings), value, ""))
            {
                file.Rejects.AddUncounted(file.Path, line, "line", "is JSON but holds no Kubernetes event (involvedObject or regarding, reason)");
            }
        };
    }

    /// <param name="Scalings">Per Deployment, the replica sets it scaled so far (<see cref="Scaling"/>).</param>
    private sealed record Place(JsonInputFile File, long Line, Dictionary<string, List<Scaling>> Scalings);

    /// <summary>
    /// A Deployment scaling one of its replica sets, and where its records are: whether it is a rollout (another replica
    /// set than the one scaled before it) or scaling (the same one) is told in time order, and <c>kubectl</c> lists
    /// events by name, not by time, so each is named again as the ones before it become known.
    /// </summary>
    private sealed record Scaling(DateTime Time, string ReplicaSet, bool FromOrToNone, List<int> Records);

    /// <summary>False when the value holds no event.</summary>
    private static bool ReadValue(Place place, JsonElement value, string at) => JsonAnswers.Each(value, at, (answer, path) =>
    {
        if (JsonAnswers.Items(answer, "items", path, (item, itemAt) => ReadEvent(place, item, itemAt)))
        {
            return true;
        }

        // kubectl get events -w -o json prints each event as it comes, or as a watch event ({"type", "object"}).
        var single = answer.TryGetMember("object", out var watched) ? watched : answer;
        if (!single.TryGetMember("involvedObject", out _) && !single.TryGetMember("regarding", out _))
        {
            return false;
        }

        ReadEvent(place, single, path.Length > 0 ? path.TrimEnd('.') : "event");
        return true;
    });

    private static void ReadEvent(Place place, JsonElement item, string at)
    {
        var (path, line, rejects) = (place.File.Path, place.Line, place.File.Rejects);
        var subject = item.TryGetMember("involvedObject", out var involved) ? involved : item.TryGetMember("regarding", out var regarding) ? regarding : default;
        var reason = OtlpValues.Text(item, "reason");
        if (subject.ValueKind != JsonValueKind.Object || OtlpValues.Text(subject, "name") is not { Length: > 0 } name)
        {
            rejects.Add(path, line, $"{at}.involvedObject.name", "missing: the event names no object, so no service");
            return;
        }

        if (reason is not { Length: > 0 })
        {
            rejects.Add(path, line, $"{at}.reason", "missing: what happened cannot be told");
            return;
        }

        var first = UtcTimes.Member(item, "eventTime") ?? UtcTimes.Member(item, "firstTimestamp") ?? UtcTimes.Member(item, "deprecatedFirstTimestamp")
            ?? (item.TryGetMember("metadata", out var metadata) ? UtcTimes.Member(metadata, "creationTimestamp") : null);
        if (first is not { } time)
        {
            rejects.Add(path, line, $"{at}.firstTimestamp", "missing or not a time: the event cannot be placed in time (eventTime, firstTimestamp or metadata.creationTimestamp)");
            return;
        }

        var kind = OtlpValues.Text(subject, "kind") ?? "";
        var message = OtlpValues.Text(item, "message") ?? OtlpValues.Text(item, "note");
        var (service, instance) = Origin(kind, name, OtlpValues.Text(subject, "fieldPath"));
        var strings = place.File.Strings;
        var eventName = strings.Get(EventName(reason, message));
        var (serviceName, instanceName) = (strings.Get(service), strings.Get(instance));
        var text = message is null ? reason : $"{reason}: {message}";
        var records = place.File.Records;
        var indices = new List<int> { records.Count };
        records.Add(new TelemetryRecord(-1, time, TelemetryKind.Event, serviceName, instanceName, eventName, 0, Message: text));
        // A repeated event is kept as its first and its last: how often in between is not told.
        var last = UtcTimes.Member(item, "lastTimestamp") ?? UtcTimes.Member(item, "deprecatedLastTimestamp")
            ?? (item.TryGetMember("series", out var series) ? UtcTimes.Member(series, "lastObservedTime") : null);
        if (last is { } end && end > time)
        {
            indices.Add(records.Count);
            records.Add(new TelemetryRecord(-1, end, TelemetryKind.Event, serviceName, instanceName, eventName, 0, Message: text));
        }

        if (reason == "ScalingReplicaSet" && ReplicaSetScaled().Match(message ?? "") is { Success: true } scaled)
        {
            var key = $"{kind}/{name}";
            if (!place.Scalings.TryGetValue(key, out var scalings))
            {
                place.Scalings[key] = scalings = [];
            }

            var scaling = new Scaling(time, scaled.Groups["set"].Value, scaled.Groups["to"].Value == "0" || scaled.Groups["from"].Value == "0", indices);
            // In time order, those of its time read before it first. It and the one after it, whose scaling before is now
            // this one, are named (again).
            var position = scalings.FindLastIndex(s => s.Time <= time) + 1;
            scalings.Insert(position, scaling);
            Name(scalings, position, records);
            Name(scalings, position + 1, records);
        }
    }

    /// <summary>
    /// Names a Deployment's scaling by the one before it in time: from or to none, or of another replica set than the one
    /// scaled before it, a <c>deploy</c>; the same one again a <c>scale</c>.
    /// </summary>
    private static void Name(List<Scaling> scalings, int at, List<TelemetryRecord> records)
    {
        if (at >= scalings.Count)
        {
            return;
        }

        var (scaling, before) = (scalings[at], at > 0 ? scalings[at - 1].ReplicaSet : null);
        var name = scaling.FromOrToNone || (before is not null && before != scaling.ReplicaSet) ? EventTypes.Deploy : EventTypes.Scale;
        foreach (var index in scaling.Records)
        {
            if (records[index].Name != name)
            {
                records[index] = records[index] with { Name = name };
            }
        }
    }

    /// <summary>
    /// The event's name as the MELT schema names change events: a Deployment scaling a replica set a <c>scale</c> until
    /// told otherwise (<see cref="Name"/>), an autoscaler's rescale a <c>scale</c>; a
    /// container restarted after failing (back-off, a failed liveness probe, out of memory) a <c>restart</c>; a failed
    /// probe a <c>health_check_flap</c>. Any other reason is its own name in snake case (<c>FailedScheduling</c>:
    /// <c>failed_scheduling</c>), counted as an event but no change.
    /// </summary>
    private static string EventName(string reason, string? message)
    {
        switch (reason)
        {
            case "ScalingReplicaSet" or "SuccessfulRescale":
                return EventTypes.Scale;
            case "BackOff" when message?.Contains("restarting failed container", StringComparison.OrdinalIgnoreCase) == true:
            case "Killing" when message?.Contains("liveness probe", StringComparison.OrdinalIgnoreCase) == true:
            case "OOMKilling" or "OOMKilled":
                return EventTypes.Restart;
            case "Unhealthy" or "ProbeWarning":
                return EventTypes.HealthCheckFlap;
            default:
                return SnakeCase(reason);
        }
    }

    /// <summary>The service and instance of an event about <paramref name="kind"/> <paramref name="name"/> (see the class's summary).</summary>
    internal static (string Service, string Instance) Origin(string kind, string name, string? fieldPath)
    {
        var container = fieldPath is null ? null : ContainerField().Match(fieldPath) is { Success: true } field ? field.Groups["container"].Value : null;
        switch (kind)
        {
            case "Pod":
                return (container ?? PodWorkload(name), name);
            case "ReplicaSet" when ReplicaSetName().Match(name) is { Success: true } set:
                return (set.Groups["workload"].Value, name);
            default:
                return (container ?? name, name);
        }
    }

    /// <summary>A pod's workload: its name less a Deployment's replica set hash and pod suffix, a DaemonSet's or Job's suffix, or a StatefulSet's ordinal.</summary>
    private static string PodWorkload(string pod) =>
        PodName().Match(pod) is { Success: true } match ? match.Groups["workload"].Value : pod;

    private static string SnakeCase(string reason) =>
        UntrustedText.Cut(CapitalBoundary().Replace(reason, "_$1").ToLowerInvariant());


    [GeneratedRegex(@"^Scaled (?:up|down) replica set (?<set>\S+) (?:from (?<from>\d+) )?to (?<to>\d+)(?: from (?<from>\d+))?")]
    private static partial Regex ReplicaSetScaled();

    [GeneratedRegex(@"^spec\.(?:init|ephemeral)?[cC]ontainers\{(?<container>[^}]+)\}")]
    private static partial Regex ContainerField();

    // Kubernetes writes generated names in an alphabet without vowels or 0, 1 and 3, so that they spell no word.
    [GeneratedRegex(@"^(?<workload>.+?)-(?:[bcdfghjklmnpqrstvwxz2456789]{5,10}-[bcdfghjklmnpqrstvwxz2456789]{5}|[bcdfghjklmnpqrstvwxz2456789]{5}|\d+)$")]
    private static partial Regex PodName();

    [GeneratedRegex(@"^(?<workload>.+)-[bcdfghjklmnpqrstvwxz2456789]{5,10}$")]
    private static partial Regex ReplicaSetName();

    [GeneratedRegex(@"(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CapitalBoundary();
}
