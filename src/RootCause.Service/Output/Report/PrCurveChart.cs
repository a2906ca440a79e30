using System.Text;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>Every model's precision-recall curve on one chart, with its average precision in the legend.</summary>
internal static class PrCurveChart
{
    private const double Width = 600, Height = 380, Left = 50, Right = 230, Top = 28, Bottom = 40;

    public static void Write(StringBuilder html, IReadOnlyDictionary<string, IReadOnlyList<PrPoint>> curves, EvaluationReport evaluation)
    {
        var svg = new Svg(html);
        svg.Open(Width, Height, "chart pr-curves", "Precision-recall curve of every model");
        var x = new Scale(0, 1, Left, Width - Right);
        var y = new Scale(0, 1, Height - Bottom, Top);
        for (var tick = 0; tick <= 10; tick += 2)
        {
            var value = tick / 10.0;
            svg.Line(x.Map(value), Top, x.Map(value), Height - Bottom, "grid");
            svg.Line(Left, y.Map(value), Width - Right, y.Map(value), "grid");
            svg.Text(x.Map(value), Height - Bottom + 14, Html.Number(value, "0.0"), "tick", "middle");
            svg.Text(Left - 6, y.Map(value) + 4, Html.Number(value, "0.0"), "tick", "end");
        }

        svg.Text((Left + Width - Right) / 2, Height - 6, "recall", "label", "middle");
        svg.Text(8, Top - 12, "precision", "label");
        var index = 0;
        foreach (var (model, report) in evaluation.Models)
        {
            var series = $"s{index % 8}";
            if (curves.TryGetValue(model, out var curve) && curve.Count > 0)
            {
                var (ranked, flagEverything) = Steps(curve);
                svg.Path([.. ranked.Select(p => (x.Map(p.Recall), y.Map(p.Precision)))], "curve " + series);
                svg.Path([.. flagEverything.Select(p => (x.Map(p.Recall), y.Map(p.Precision)))], "curve every-record " + series);
            }

            var legendY = Top + 14 + index * 20;
            svg.Line(Width - Right + 14, legendY - 4, Width - Right + 34, legendY - 4, "curve " + series);
            svg.Text(Width - Right + 40, legendY, $"{model} {(report.PrAuc is { } ap ? "AP " + Html.Number(ap, "0.000") : "(no scores)")}", "legend");
            index++;
        }

        svg.Close();
    }

    /// <summary>
    /// The curve as the step function average precision sums: the precision of each point held over the recall gained
    /// since the one before (from recall 0), so the area under the steps is the AP in the legend. The steps end at the
    /// recall the model's ranking reached; a last point that only flagging every record reaches is returned apart, as
    /// a drop to its precision (the share of anomalies) then a step to recall 1, to be drawn as such.
    /// </summary>
    internal static (List<PrPoint> Ranked, List<PrPoint> FlagEverything) Steps(IReadOnlyList<PrPoint> curve)
    {
        var ranked = new List<PrPoint>(curve.Count * 2);
        var flagEverything = new List<PrPoint>(3);
        var recall = 0.0;
        foreach (var point in curve)
        {
            var steps = point.FlagsEveryRecord ? flagEverything : ranked;
            if (point.FlagsEveryRecord && ranked.Count > 0)
            {
                flagEverything.Add(ranked[^1]);
            }

            if (steps.Count == 0 || steps[^1].Precision != point.Precision)
            {
                steps.Add(new PrPoint(recall, point.Precision));
            }

            steps.Add(point);
            recall = point.Recall;
        }

        return (ranked, flagEverything);
    }
}
