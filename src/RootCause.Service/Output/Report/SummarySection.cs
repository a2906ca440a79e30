using System.Text;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>The run in figures: counts, the headline scores, the evaluation table of every model and the root-cause accuracy.</summary>
internal static class SummarySection
{
    public static void Write(StringBuilder html, ReportInput input, DateTime? from, DateTime? to)
    {
        var anomalies = input.Anomalies;
        var records = input.Evaluation?.Records ?? input.Performance?.Records;
        html.Append("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
        Card(html, "records", records is { } r ? r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "–");
        Card(html, "anomalies", anomalies.Anomalies.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        Card(html, "incidents detected", anomalies.Incidents.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (input.Truth is not null)
        {
            Card(html, "incidents injected", input.Truth.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

        if (input.Evaluation is { } evaluation)
        {
            Evaluation(html, evaluation, input.Anomalies.Incidents.Count(incident => incident.Isolated));
        }
        else
        {
            html.Append("<p>No evaluation: the run has no labels.</p>");
        }

        html.Append("</section>");
    }

    private static void Card(StringBuilder html, string label, string value) =>
        html.Append("<div class=\"card\"><div class=\"value\">").Append(Html.Text(value)).Append("</div><div class=\"label\">").Append(Html.Text(label)).Append("</div></div>");

    private static void Evaluation(StringBuilder html, EvaluationReport evaluation, int unpaged)
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
            html.Append(Plural.Of(rootCause.Incidents, "injected incident")).Append(", ").Append(rootCause.Detected)
                .Append(" detected; the true root-cause service ranked first in ").Append(Html.Number(at1 * 100, "0.#"))
                .Append("% (AC@1) and in the top three in ").Append(Html.Number(at3 * 100, "0.#")).Append("% (AC@3).");
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
            html.Append(unpaged > 0 ? $"; {unpaged} of all {Plural.Word(unpaged, "is a group", "are groups")} of stray points, not paged." : ".");
        }

        html.Append("</p>");
    }
}
