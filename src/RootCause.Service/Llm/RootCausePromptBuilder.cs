using System.Globalization;
using System.Text;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>
/// The single place that decides what leaves the process for an LLM. It reads only metadata from the
/// <see cref="IncidentSummary"/> (service names, anomaly types, metric/operation/template/event names, scores,
/// timings relative to the incident start, graph edges, change types) and passes every string through
/// <see cref="MetadataRedactor"/>. Record ids, instance names, trace ids and incident ids are never read.
/// </summary>
public static class RootCausePromptBuilder
{
    public const string SystemPrompt =
        "You are a site reliability engineer. You receive metadata about one incident in a microservice system: " +
        "anomalous services with onset times, anomaly types and signal names, the call graph between them, change " +
        "events, and root-cause candidates ranked by an algorithm. Faults start at a root-cause service and spread to " +
        "its callers shortly after. Reply with one JSON object only, with the keys " +
        "\"root_cause_service\" (one of the listed services), \"fault_kind\" (short) and " +
        "\"explanation\" (two to four sentences for the on-call engineer: where to look first and why).";

    private const int MaxServices = 20;
    private const int MaxEdges = 40;
    private const int MaxChanges = 20;

    public static RootCausePrompt Build(IncidentSummary incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var user = new StringBuilder(1024);
        var duration = (incident.End - incident.Start).TotalSeconds;
        // Times are offsets from the incident start, never wall-clock times: they are all the model needs, and two
        // incidents of the same shape then make the same prompt, which the cache asks once.
        user.Append("Incident lasting ").Append(Seconds(duration)).Append(" s, ")
            .Append(incident.Services.Count.ToString(CultureInfo.InvariantCulture)).Append(" anomalous services.\n");
        if (incident.TrafficChange)
        {
            user.Append("Most of its anomalies are changes in traffic (request rates, network bytes), not errors, latency or resources: ")
                .Append("say whether it reads as a change in load rather than a fault.\n");
        }

        user.Append("\nAnomalous services, by onset (offset from the incident start):\n");
        for (var i = 0; i < incident.Services.Count && i < MaxServices; i++)
        {
            var service = incident.Services[i];
            user.Append("- ").Append(Clean(service.Service))
                .Append(": onset +").Append(Seconds((service.Onset - incident.Start).TotalSeconds)).Append(" s")
                .Append(", last +").Append(Seconds((service.LastSeen - incident.Start).TotalSeconds)).Append(" s, ")
                .Append(service.AnomalyCount.ToString(CultureInfo.InvariantCulture)).Append(service.AnomalyCount == 1 ? " anomaly" : " anomalies").Append(", max score ")
                .Append(Score(service.MaxConfidence)).Append("; types ");
            AppendCounts(user, service.Types);
            if (service.Signals.Count > 0)
            {
                user.Append("; signals ");
                AppendCounts(user, service.Signals);
            }

            user.Append('\n');
        }

        user.Append("\nCall graph between them (caller -> callee, calls observed in traces):\n");
        if (incident.Edges.Count == 0)
        {
            user.Append("- none\n");
        }

        for (var i = 0; i < incident.Edges.Count && i < MaxEdges; i++)
        {
            var edge = incident.Edges[i];
            user.Append("- ").Append(Clean(edge.Caller)).Append(" -> ").Append(Clean(edge.Callee))
                .Append(" (").Append(edge.Calls.ToString(CultureInfo.InvariantCulture)).Append(")\n");
        }

        user.Append("\nChange events at these services (offset from the incident start):\n");
        if (incident.Changes.Count == 0)
        {
            user.Append("- none\n");
        }

        for (var i = 0; i < incident.Changes.Count && i < MaxChanges; i++)
        {
            var change = incident.Changes[i];
            var offset = (change.Timestamp - incident.Start).TotalSeconds;
            user.Append("- ").Append(Clean(change.Service)).Append(": ").Append(Clean(change.EventType))
                .Append(" at ").Append(offset >= 0 ? "+" : string.Empty).Append(Seconds(offset)).Append(" s\n");
        }

        user.Append("\nRanked candidates (onset order, random walk on the anomalous call graph, change correlation):\n");
        foreach (var candidate in incident.Candidates)
        {
            user.Append(candidate.Rank.ToString(CultureInfo.InvariantCulture)).Append(". ").Append(Clean(candidate.Service))
                .Append(", fault ").Append(Clean(candidate.FaultKind)).Append(", confidence ").Append(Score(candidate.Confidence));
            if (candidate.Evidence.Count > 0)
            {
                user.Append("; evidence: ");
                for (var e = 0; e < candidate.Evidence.Count; e++)
                {
                    user.Append(e > 0 ? "; " : string.Empty).Append(Clean(candidate.Evidence[e]));
                }
            }

            user.Append('\n');
        }

        user.Append("\nAnswer with the JSON object only.");
        return new RootCausePrompt(SystemPrompt, user.ToString());
    }

    private static void AppendCounts(StringBuilder text, IReadOnlyList<NamedCount> counts)
    {
        for (var i = 0; i < counts.Count; i++)
        {
            text.Append(i > 0 ? ", " : string.Empty).Append(Clean(counts[i].Name))
                .Append(" x").Append(counts[i].Count.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Clean(string value) => MetadataRedactor.Redact(value);

    private static string Seconds(double seconds) => seconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Score(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);
}
