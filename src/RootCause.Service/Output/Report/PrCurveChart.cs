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
                // Precision holds between the points, so each step is drawn flat then down (scikit-learn's picture of AP).
                var points = new List<(double, double)>(curve.Count * 2);
                for (var i = 0; i < curve.Count; i++)
                {
                    if (i > 0)
                    {
                        points.Add((x.Map(curve[i].Recall), y.Map(curve[i - 1].Precision)));
                    }

                    points.Add((x.Map(curve[i].Recall), y.Map(curve[i].Precision)));
                }

                svg.Path(points, "curve " + series);
            }

            var legendY = Top + 14 + index * 20;
            svg.Line(Width - Right + 14, legendY - 4, Width - Right + 34, legendY - 4, "curve " + series);
            svg.Text(Width - Right + 40, legendY, $"{model} {(report.PrAuc is { } ap ? "AP " + Html.Number(ap, "0.000") : "(no scores)")}", "legend");
            index++;
        }

        svg.Close();
    }
}
