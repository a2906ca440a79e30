using System.Text;
using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// The incidents: a table of every detected incident, then for each drawn one its chart, its ranked candidates with
/// confidence and evidence, the call graph around the top candidate and the explanation text.
/// </summary>
internal static class IncidentSection
{
    /// <summary>Rows of the incident table; anomalies.json lists them all.</summary>
    public const int MaxListed = 500;

    public static void Write(StringBuilder html, ReportInput input, IReadOnlyList<IncidentPlan> plans, ReportTelemetry telemetry)
    {
        var incidents = input.Anomalies.Incidents;
        html.Append("<section id=\"incidents\"><h2>Incidents</h2>");
        if (incidents.Count == 0)
        {
            html.Append("<p>No incident was detected.</p></section>");
            return;
        }

        var isolated = incidents.Count(incident => incident.Isolated);
        var traffic = incidents.Count(incident => incident.TrafficChange);
        html.Append("<p>").Append(incidents.Count).Append(" detected");
        if (isolated + traffic > 0)
        {
            html.Append(", ").Append(string.Join(" and ", new[]
            {
                isolated > 0 ? $"{isolated} of them isolated anomalies only (stray points)" : "",
                traffic > 0 ? $"{traffic} mostly a change in traffic (requests, network bytes), not in symptoms" : "",
            }.Where(part => part.Length > 0))).Append(": not paged, listed last");
        }

        if (plans.Count < incidents.Count)
        {
            html.Append("; the ").Append(plans.Count).Append(" with the most anomalies, those to page first, are drawn below (every incident is in anomalies.json)");
        }

        html.Append(".</p>");
        List(html, input, plans);
        var anomaliesOf = input.Anomalies.Anomalies.ToLookup(a => a.IncidentId, StringComparer.Ordinal);
        for (var i = 0; i < plans.Count; i++)
        {
            Article(html, input, plans[i], i, telemetry, anomaliesOf[plans[i].Incident.IncidentId].ToList());
        }

        html.Append("</section>");
    }

    private static void List(StringBuilder html, ReportInput input, IReadOnlyList<IncidentPlan> plans)
    {
        var drawn = plans.Select(p => p.Incident.IncidentId).ToHashSet(StringComparer.Ordinal);
        html.Append("<details").Append(input.Anomalies.Incidents.Count <= 12 ? " open" : "").Append("><summary>All detected incidents</summary>")
            .Append("<table class=\"incidents\"><thead><tr><th>incident</th><th>start</th><th class=\"num\">seconds</th><th class=\"num\">anomalies</th>")
            .Append("<th>services</th><th>top candidate</th><th class=\"num\">confidence</th><th>page</th>")
            .Append(input.Truth is null ? "" : "<th>injected incident</th>").Append("</tr></thead><tbody>");
        foreach (var incident in input.Anomalies.Incidents.OrderBy(incident => !incident.Paged).Take(MaxListed))
        {
            var id = Html.Text(incident.IncidentId);
            html.Append("<tr><td>").Append(drawn.Contains(incident.IncidentId) ? $"<a href=\"#{Html.Id(incident.IncidentId)}\">{id}</a>" : id)
                .Append("</td><td>").Append(Html.Time(incident.Start))
                .Append("</td><td class=\"num\">").Append(Html.Number((incident.End - incident.Start).TotalSeconds, "0"))
                .Append("</td><td class=\"num\">").Append(incident.AnomalyCount)
                .Append("</td><td>").Append(incident.Services.Count)
                .Append("</td><td>").Append(incident.Candidates.Count > 0 ? Candidate(incident.Candidates[0]) : "–")
                .Append("</td><td class=\"num\">").Append(incident.Candidates.Count > 0 ? Html.Number(incident.Candidates[0].Confidence, "0.00") : "–")
                .Append("</td><td>").Append(incident.Paged ? "yes" : "no: " + incident.NotPagedBecause)
                .Append("</td>");
            if (input.Truth is not null)
            {
                html.Append("<td>").Append(IncidentPlanner.TruthOf(incident, input.Truth) is { } truth ? Html.Text($"{truth.IncidentId} ({truth.RootCauseService})") : "none").Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        if (input.Anomalies.Incidents.Count > MaxListed)
        {
            html.Append("<p class=\"note\">The first ").Append(MaxListed).Append(" are listed.</p>");
        }

        html.Append("</details>");
    }

    private static void Article(StringBuilder html, ReportInput input, IncidentPlan plan, int index, ReportTelemetry telemetry, List<ReportAnomaly> anomalies)
    {
        var incident = plan.Incident;
        var truth = IncidentPlanner.TruthOf(incident, input.Truth);
        html.Append("<article class=\"incident\" id=\"").Append(Html.Id(incident.IncidentId)).Append("\"><h3>").Append(Html.Text(incident.IncidentId))
            .Append(" <span class=\"sub\">").Append(Html.Time(incident.Start)).Append(" – ").Append(Html.Clock(incident.End))
            .Append(" · ").Append(Html.Number((incident.End - incident.Start).TotalSeconds, "0")).Append(" s · ")
            .Append(Plural.Of(incident.AnomalyCount, "anomaly", "anomalies")).Append(" in ").Append(Plural.Of(incident.Services.Count, "service")).Append("</span></h3>");
        if (truth is not null)
        {
            var top = incident.Candidates.Count > 0 ? incident.Candidates[0].Service : null;
            var hit = string.Equals(top, truth.RootCauseService, StringComparison.Ordinal);
            html.Append("<p>Injected: <b>").Append(Html.Text(truth.IncidentId)).Append("</b>, ").Append(Html.Text(truth.FaultType)).Append(" at <b>")
                .Append(Html.Text(truth.RootCauseService)).Append("</b> ").Append(Html.Clock(truth.Start)).Append("–").Append(Html.Clock(truth.End))
                .Append(hit ? " <span class=\"badge hit\">top candidate right</span>" : " <span class=\"badge miss\">top candidate wrong</span>").Append("</p>");
        }
        else if (input.Truth is not null)
        {
            html.Append("<p>Overlaps no injected incident.</p>");
        }

        html.Append("<figure>");
        var instanceLine = IncidentChart.Write(html, plan, index, telemetry, anomalies, truth);
        html.Append("<figcaption><span class=\"key band\"></span>range of the instances' readings (of a span panel: their durations; of a count: per minute) ")
            .Append("<span class=\"key mean\"></span>their mean ")
            .Append(instanceLine && plan.Instance is { } instance ? $"<span class=\"key instance\"></span>readings of {Html.Instance(instance, plan.Services[0])} ({Html.Text(plan.Services[0])}'s instance named) " : string.Empty)
            .Append("<span class=\"key anomaly\"></span>flagged reading, slow span, ERROR lines or events <span class=\"key tick\"></span>other log, span or event anomaly ")
            .Append("<span class=\"key window\"></span>detected incident")
            .Append(truth is null ? "" : " <span class=\"key fault\"></span>injected fault").Append("</figcaption></figure>");
        html.Append("<div class=\"columns\"><div>");
        Candidates(html, incident);
        html.Append("</div><div><h4>Call graph around the top candidate</h4>");
        CallGraphChart.Write(html, incident, input.Extras.Edges);
        html.Append("</div></div><h4>Explanation <span class=\"sub\">(").Append(Html.Text(incident.RootCauseSource))
            .Append(incident.RootCauseModel is { } model ? ", " + Html.Text(model) : "").Append(")</span></h4><blockquote>")
            .Append(Html.Text(incident.RootCause)).Append("</blockquote></article>");
    }

    /// <summary>A candidate's service and, on a line below it, the instance its fault is at, when one is named.</summary>
    private static string Candidate(RootCauseCandidate candidate) =>
        InstanceNames.Of(candidate) is { } instance
            ? $"{Html.Text(candidate.Service)}<br><span class=\"sub\">at {Html.Instance(instance, candidate.Service)}</span>"
            : Html.Text(candidate.Service);

    private static void Candidates(StringBuilder html, IncidentEntry incident)
    {
        html.Append("<h4>Ranked candidates</h4><table class=\"candidates\"><thead><tr><th>#</th><th>service</th><th>fault</th><th>confidence</th><th>evidence</th></tr></thead><tbody>");
        foreach (var candidate in incident.Candidates)
        {
            html.Append("<tr><td>").Append(candidate.Rank).Append("</td><td>").Append(Candidate(candidate))
                .Append("</td><td>").Append(Html.Text(candidate.FaultKind))
                .Append("</td><td><span class=\"meter\"><span style=\"width:").Append(Html.Number(Math.Clamp(candidate.Confidence, 0, 1) * 100, "0.#"))
                .Append("%\"></span></span> ").Append(Html.Number(candidate.Confidence, "0.00")).Append("</td><td><ul>");
            foreach (var evidence in candidate.Evidence)
            {
                html.Append("<li>").Append(Html.Text(evidence)).Append("</li>");
            }

            html.Append("</ul></td></tr>");
        }

        html.Append("</tbody></table>");
    }
}
