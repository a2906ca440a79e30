using System.Globalization;
using System.Text;
using AnomalyPlatform.RootCause.Output;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>Turns an incident's ranked candidates into a deterministic paragraph: the mock's text and the LLM's fallback.</summary>
public static class CandidateNarrative
{
    private const int NarratedEvidence = 2;
    private const int NarratedAlternatives = 2;

    public static string Write(IncidentSummary incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var text = new StringBuilder(256);
        if (incident.Candidates.Count == 0)
        {
            return "No root-cause candidate: the incident has no anomalous service.";
        }

        var top = incident.Candidates[0];
        text.Append("Most likely root cause: ").Append(top.Service);
        if (InstanceNames.Of(top) is { } instance)
        {
            text.Append(" at ").Append(instance);
        }

        text.Append(" (").Append(top.FaultKind).Append(", confidence ").Append(Format(top.Confidence)).Append(')');
        // The first two items (onset, fault signal) carry the argument; the rest is in the incident's evidence. The
        // text is repeated in every anomaly of anomalies.json, so it stays short.
        for (var i = 0; i < top.Evidence.Count && i < NarratedEvidence; i++)
        {
            text.Append(i == 0 ? ": " : "; ").Append(top.Evidence[i]);
        }

        text.Append('.');
        if (incident.Candidates.Count > 1)
        {
            text.Append(" Next: ");
            for (var i = 1; i < incident.Candidates.Count && i <= NarratedAlternatives; i++)
            {
                text.Append(i > 1 ? ", " : string.Empty).Append(incident.Candidates[i].Service);
            }

            text.Append('.');
        }

        text.Append(' ').Append(incident.Services.Count.ToString(CultureInfo.InvariantCulture))
            .Append(incident.Services.Count == 1 ? " service" : " services")
            .Append(" over ").Append((incident.End - incident.Start).TotalSeconds.ToString("0", CultureInfo.InvariantCulture)).Append(" s.");
        if (incident.TrafficChange)
        {
            // Said last: the candidates still say where the change began, but a reader should not take it for a fault.
            text.Append(" Mostly a change in traffic (requests, network bytes), not in symptoms: a load change more likely than a fault; not paged.");
        }

        return text.ToString();
    }

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
