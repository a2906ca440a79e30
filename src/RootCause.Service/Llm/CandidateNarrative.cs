using System.Globalization;
using System.Text;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>Turns an incident's ranked candidates into a deterministic paragraph: the mock's text and the LLM's fallback.</summary>
public static class CandidateNarrative
{
    public static string Write(IncidentSummary incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var text = new StringBuilder(256);
        if (incident.Candidates.Count == 0)
        {
            return "No root-cause candidate: the incident has no anomalous service.";
        }

        var top = incident.Candidates[0];
        text.Append("Most likely root cause: ").Append(top.Service)
            .Append(" (").Append(top.FaultKind).Append(", confidence ").Append(Format(top.Confidence)).Append(')');
        if (top.Evidence.Count > 0)
        {
            text.Append(": ").AppendJoin("; ", top.Evidence);
        }

        text.Append('.');
        if (incident.Candidates.Count > 1)
        {
            text.Append(" Other candidates: ");
            for (var i = 1; i < incident.Candidates.Count; i++)
            {
                var candidate = incident.Candidates[i];
                text.Append(i > 1 ? ", " : string.Empty).Append(candidate.Service)
                    .Append(" (").Append(candidate.FaultKind).Append(", ").Append(Format(candidate.Confidence)).Append(')');
            }

            text.Append('.');
        }

        text.Append(" The incident spans ").Append(incident.Services.Count.ToString(CultureInfo.InvariantCulture))
            .Append(incident.Services.Count == 1 ? " service" : " services")
            .Append(" from ").Append(incident.Start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append(" to ").Append(incident.End.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('.');
        return text.ToString();
    }

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
