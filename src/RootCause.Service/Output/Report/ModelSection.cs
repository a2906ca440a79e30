using System.Text;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>Per model: the precision-recall curves and the recall on each anomaly type (starred where the model is meant for it).</summary>
internal static class ModelSection
{
    public static void Write(StringBuilder html, ReportInput input)
    {
        html.Append("<section id=\"models\"><h2>Models</h2>");
        if (input.Evaluation is not { Models.Count: > 0 } evaluation)
        {
            html.Append("<p>No per-record labels, so no per-model figures (an analysis of your own telemetry is judged on its incidents only).</p></section>");
            return;
        }

        html.Append("<div class=\"columns\"><div><h3>Precision-recall curves</h3>");
        if (input.Extras.Curves.Count == 0)
        {
            html.Append("<p class=\"note\">The curves are drawn from every record's scores, which only the running pipeline holds; this report was written from the files alone.</p>");
        }
        else
        {
            PrCurveChart.Write(html, input.Extras.Curves, evaluation);
            html.Append("<p class=\"note\">Each step is the precision of flagging the records scored at or above a threshold, held over the recall that threshold adds, ")
                .Append("so the area under a curve is the model's AP; a solid curve ends at the recall its scores rank.");
            if (input.Extras.Curves.Values.Select(curve => curve.Count > 0 ? curve[^1] : default).FirstOrDefault(point => point.FlagsEveryRecord) is { FlagsEveryRecord: true } everything)
            {
                html.Append(" Dotted: the anomalies a model scores no higher than its lowest score, found only by flagging every record (precision then the share of anomalies, ")
                    .Append(Html.Number(everything.Precision, "0.000")).Append("); AP counts them there.");
            }

            html.Append("</p>");
        }

        html.Append("</div><div><h3>Recall per anomaly type</h3>");
        RecallTable(html, evaluation);
        html.Append("</div></div></section>");
    }

    private static void RecallTable(StringBuilder html, EvaluationReport evaluation)
    {
        var types = evaluation.Models.Values.SelectMany(m => m.PerType.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var support = types.ToDictionary(t => t, t => evaluation.Models.Values.Select(m => m.PerType.TryGetValue(t, out var r) ? r.Support : 0).Max(), StringComparer.Ordinal);
        var target = evaluation.Models.Values.Select(m => m.IntendedRecallTarget).DefaultIfEmpty(0).Max();
        var measurable = MeasurableRecall.MinSupport(target);
        html.Append("<table class=\"recall\"><thead><tr><th>model</th>");
        foreach (var type in types)
        {
            html.Append("<th class=\"num\">").Append(Html.Text(type.Replace('_', ' '))).Append("<br><span class=\"sub\">").Append(support[type]).Append("</span></th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var (model, report) in evaluation.Models)
        {
            html.Append("<tr><td>").Append(Html.Text(model)).Append("</td>");
            foreach (var type in types)
            {
                if (!report.PerType.TryGetValue(type, out var figures) || figures.Support == 0)
                {
                    html.Append("<td class=\"num\">–</td>");
                    continue;
                }

                if (figures.Support < measurable)
                {
                    html.Append("<td class=\"num\">too few (n=").Append(figures.Support).Append(")</td>");
                    continue;
                }

                // The cell's shade is its recall, so a column of weak detection shows at a glance.
                html.Append("<td class=\"num heat\" style=\"--r:").Append(Html.Number(figures.Recall, "0.00")).Append("\">")
                    .Append(Html.Number(figures.Recall, "0.000")).Append(figures.Intended ? "*" : "").Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table><p class=\"note\">Column heads give the labelled records of each type; * a type the model is meant for (target recall ")
            .Append(Html.Number(target, "0.00")).Append("); too few: fewer than ").Append(measurable)
            .Append(" labelled records, where a recall's standard error at the target exceeds ").Append(Html.Number(MeasurableRecall.StandardError, "0.0"))
            .Append(", so it is not measured.</p>");
    }
}
