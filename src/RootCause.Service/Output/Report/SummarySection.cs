using System.Globalization;
using System.Text;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>The run in figures: counts, the headline scores, the evaluation table of every model, the root-cause accuracy and each true incident's rank.</summary>
internal static class SummarySection
{
    /// <summary>More true incidents than this are listed folded away.</summary>
    private const int FoldedAbove = 30;

    /// <param name="drawn">The incidents drawn in full further down, which a known incident's match links to.</param>
    public static void Write(StringBuilder html, ReportInput input, DateTime? from, DateTime? to, IReadOnlySet<string> drawn)
    {
        var anomalies = input.Anomalies;
        var records = input.Evaluation?.Records ?? input.Performance?.Records;
        html.Append("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
        Card(html, "records", records is { } r ? r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "–");
        Card(html, "anomalies", anomalies.Anomalies.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        Card(html, "incidents detected", anomalies.Incidents.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // What a person on call would have been woken for: neither stray points only nor mostly a change in traffic.
        Card(html, "to page", anomalies.Incidents.Count(static incident => incident.Paged).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (input.Truth is not null)
        {
            Card(html, IsAnalysis(input.Evaluation) ? "known incidents" : "incidents injected", input.Truth.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (input.Evaluation?.Models.TryGetValue("ensemble", out var ensemble) == true)
        {
            Card(html, "ensemble F1", Html.Number(ensemble.F1, "0.000"));
        }

        if (input.Evaluation?.RootCause is { } rootCause)
        {
            Card(html, "AC@1 / AC@3", rootCause is { AcAt1: { } at1, AcAt3: { } at3 } ? $"{Html.Number(at1, "0.00")} / {Html.Number(at3, "0.00")}" : "n/a");
        }

        if (input.Performance is { } performance)
        {
            Card(html, "wall time", Html.Number(performance.WallSeconds, "0.0") + " s");
        }

        html.Append("</div>");
        if (from is { } first && to is { } last)
        {
            html.Append("<p>Telemetry from ").Append(Html.Time(first)).Append(" to ").Append(Html.Time(last)).Append(" UTC.</p>");
        }

        if (input.Extras.DataNotes.Count > 0)
        {
            html.Append("<div class=\"data-notes\"><h3>About the data</h3><ul>");
            foreach (var note in input.Extras.DataNotes)
            {
                html.Append("<li>").Append(Html.Text(note)).Append("</li>");
            }

            html.Append("</ul></div>");
        }

        if (input.Evaluation is { } evaluation)
        {
            Evaluation(html, evaluation, input.Anomalies.Incidents.Count(incident => incident.Isolated), input.Anomalies.Incidents.Count(incident => incident.TrafficChange));
            if (evaluation.ByRecording is { Count: > 1 } recordings)
            {
                Recordings(html, recordings);
            }

            if (evaluation.PerIncident is { Count: > 0 } ranks)
            {
                TrueIncidents(html, ranks, input.Truth, drawn, IsAnalysis(evaluation));
            }
        }
        else
        {
            html.Append("<p>No evaluation: the run has no labels.</p>");
        }

        html.Append("</section>");
    }

    /// <summary>
    /// An analysis of telemetry the platform did not generate (<c>analyze --incidents</c>): its incidents are the user's
    /// known ones, and without per-record labels its evaluation scores no model.
    /// </summary>
    private static bool IsAnalysis(EvaluationReport? evaluation) => evaluation is { Models.Count: 0 };

    /// <summary>Each recording's figures, when the telemetry holds several: which day the ranking does well on, which pages for nothing.</summary>
    private static void Recordings(StringBuilder html, IReadOnlyList<RecordingAccuracy> recordings)
    {
        html.Append("<h3>Per recording</h3><table><thead><tr><th>recording (UTC)</th><th>known incidents</th><th>detected</th>")
            .Append("<th>AC@1</th><th>AC@3</th><th>paged (outside every known window)</th></tr></thead><tbody>");
        foreach (var recording in recordings)
        {
            html.Append("<tr><td>").Append(Html.Text($"{Html.Time(recording.First)} to {Html.Time(recording.Last)}")).Append("</td><td>")
                .Append(recording.Incidents).Append("</td><td>").Append(recording.Detected).Append("</td><td>")
                .Append(recording.AcAt1 is { } at1 ? Html.Number(at1, "0.000") : "n/a").Append("</td><td>")
                .Append(recording.AcAt3 is { } at3 ? Html.Number(at3, "0.000") : "n/a").Append("</td><td>")
                .Append(recording.Paged).Append(" (").Append(recording.PagedFalseAlarms).Append(")</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>
    /// The injected (or known) incidents one by one: where each was found and how its true service ranked there, misses
    /// first, then the accuracy per fault type: which faults the ranking finds and which it misses. A long list (a long
    /// run's hundred incidents) is folded away under its first line; the accuracy per fault type stays in view.
    /// </summary>
    private static void TrueIncidents(StringBuilder html, IReadOnlyList<IncidentRank> ranks, IReadOnlyList<GroundTruthIncident>? truth, IReadOnlySet<string> drawn, bool known)
    {
        var starts = (truth ?? []).ToDictionary(static t => t.IncidentId, static t => t.Start, StringComparer.Ordinal);
        html.Append("<h3>").Append(known ? "Known incidents" : "Injected incidents").Append("</h3>");
        var folded = ranks.Count > FoldedAbove;
        if (folded)
        {
            html.Append("<details><summary>All ").Append(ranks.Count).Append(known ? " known" : " injected").Append(" incidents, misses first</summary>");
        }

        html.Append("<table class=\"evaluation known\"><thead><tr><th>incident</th><th>fault type</th><th>true service</th><th>start</th><th>raised as</th><th class=\"num\">rank of the true service</th><th>instance named</th></tr></thead><tbody>");
        foreach (var rank in ranks.OrderBy(static r => r.Rank == 1 ? 2 : r.Rank is <= 3 ? 1 : 0).ThenBy(static r => r.IncidentId, StringComparer.Ordinal))
        {
            var verdict = rank.DetectedIncidentId is null ? "not detected" : rank.Rank is { } r ? r.ToString(CultureInfo.InvariantCulture) : "not a candidate";
            var raised = rank.DetectedIncidentId is not { } id ? "–"
                : drawn.Contains(id) ? $"<a href=\"#{Html.Id(id)}\">{Html.Text(id)}</a>" : Html.Text(id);
            html.Append("<tr class=\"").Append(rank.Rank == 1 ? "first" : rank.Rank is <= 3 ? "top-three" : "missed").Append("\"><td>").Append(Html.Text(rank.IncidentId))
                .Append("</td><td>").Append(Html.Text(rank.FaultType ?? "–")).Append("</td><td>").Append(Html.Text(rank.RootCauseService))
                .Append("</td><td>").Append(starts.TryGetValue(rank.IncidentId, out var start) ? Html.Time(start) : "–")
                .Append("</td><td>").Append(raised).Append("</td><td class=\"num\">").Append(Html.Text(verdict)).Append("</td><td>").Append(InstanceNamed(rank)).Append("</td></tr>");
        }

        html.Append("</tbody></table>").Append(folded ? "</details>" : string.Empty)
            .Append("<p class=\"note\">Misses first, then those in the top three, then those ranked first. By fault type: ");
        var first = true;
        foreach (var type in FaultTypeGroups.Of(ranks))
        {
            html.Append(first ? string.Empty : "; ").Append(Html.Text(type.Key)).Append(' ')
                .Append(type.Count(static r => r.Rank == 1)).Append(" of ").Append(type.Count()).Append(" first, ")
                .Append(type.Count(static r => r.Rank is <= 3)).Append(" in the top three");
            first = false;
        }

        html.Append(".</p>");
    }

    /// <summary>The instance the true service's candidate names, as HTML: right, another than the true one (which is said), or none.</summary>
    private static string InstanceNamed(IncidentRank rank) => rank.NamedInstance is not { } named ? "–"
        : rank.RootCauseInstance is not { } truth || string.Equals(named, truth, StringComparison.Ordinal) ? Html.Instance(named, rank.RootCauseService)
        : $"{Html.Instance(named, rank.RootCauseService)} (true: {Html.Instance(truth, rank.RootCauseService)})";

    private static void Card(StringBuilder html, string label, string value) =>
        html.Append("<div class=\"card\"><div class=\"value\">").Append(Html.Text(value)).Append("</div><div class=\"label\">").Append(Html.Text(label)).Append("</div></div>");

    private static void Evaluation(StringBuilder html, EvaluationReport evaluation, int unpaged, int trafficChanges)
    {
        if (evaluation.Models.Count > 0)
        {
            html.Append("<h3>Evaluation</h3><table class=\"evaluation\"><thead><tr><th>model</th>");
            foreach (var heading in new[] { "precision", "recall", "F1", "ROC AUC", "PR AUC", "TP", "FP", "FN" })
            {
                html.Append("<th class=\"num\">").Append(heading).Append("</th>");
            }

            html.Append("</tr></thead><tbody>");
            foreach (var (model, report) in evaluation.Models)
            {
                html.Append("<tr").Append(model == "ensemble" ? " class=\"total\"" : "").Append("><td>").Append(Html.Text(model)).Append("</td>");
                foreach (var value in new[] { report.Precision, report.Recall, report.F1, report.RocAuc ?? double.NaN, report.PrAuc ?? double.NaN })
                {
                    html.Append("<td class=\"num\">").Append(Html.Number(value, "0.000")).Append("</td>");
                }

                html.Append("<td class=\"num\">").Append(report.TruePositives).Append("</td><td class=\"num\">").Append(report.FalsePositives)
                    .Append("</td><td class=\"num\">").Append(report.FalseNegatives).Append("</td></tr>");
            }

            html.Append("</tbody></table><p class=\"note\">Precision and recall of each model's decision; ROC AUC and PR AUC (average precision) of its score over all records.</p>");
        }

        var rootCause = evaluation.RootCause;
        html.Append("<h3>Root cause</h3><p>");
        if (rootCause is { AcAt1: { } at1, AcAt3: { } at3 })
        {
            html.Append(Plural.Of(rootCause.Incidents, IsAnalysis(evaluation) ? "known incident" : "injected incident")).Append(", ").Append(rootCause.Detected)
                .Append(" detected; the true root-cause service ranked first in ").Append(Html.Number(at1 * 100, "0.#"))
                .Append("% (AC@1").Append(rootCause.AcAt1Instance is { } atInstance ? $"; with its instance named in {Html.Number(atInstance * 100, "0.#")}%" : string.Empty)
                .Append(") and in the top three in ").Append(Html.Number(at3 * 100, "0.#")).Append("% (AC@3).");
        }
        else
        {
            html.Append("No incident was injected, so there is no root cause to rank: AC@1 and AC@3 are n/a.");
        }

        if (rootCause.IncidentRelations is { } relations)
        {
            html.Append(" Of ").Append(Plural.Of(relations.Detected, "incident")).Append(" raised, ")
                .Append(relations.Overlapping).Append(' ').Append(Plural.Word(relations.Overlapping, "overlaps", "overlap")).Append(" a true incident (")
                .Append(Plural.Of(relations.Split, "true one")).Append(" split), ")
                .Append(relations.Isolated).Append(' ').Append(Plural.Word(relations.Isolated, "holds", "hold")).Append(" only anomalies injected outside any incident, ")
                .Append(relations.FalseAlarms).Append(' ').Append(Plural.Word(relations.FalseAlarms, "holds", "hold")).Append(" no labelled record");
            html.Append(unpaged > 0 ? $"; {unpaged} of all {Plural.Word(unpaged, "is a group", "are groups")} of stray points, not paged" : "")
                .Append(trafficChanges > 0 ? $"; {trafficChanges} {Plural.Word(trafficChanges, "is", "are")} mostly a change in traffic, not paged" : "")
                .Append('.');
        }

        html.Append("</p>");
    }
}
