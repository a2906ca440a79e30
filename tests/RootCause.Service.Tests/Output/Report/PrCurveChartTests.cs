using System.Text;
using System.Text.RegularExpressions;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Output.Report;

namespace AnomalyPlatform.RootCause.Tests.Output.Report;

public sealed class PrCurveChartTests
{
    // trace_structure on 10,000 records: 14 of 114 anomalies ranked first, the other 100 tied with every normal record at 0.
    private static readonly IReadOnlyList<PrPoint> PartlyRanked = [new(14 / 114.0, 1.0), new(1.0, 0.0114, FlagsEveryRecord: true)];

    [Fact]
    public void Each_step_holds_the_precision_reached_at_its_end_so_the_area_is_the_average_precision()
    {
        // Flagging at >= 5 finds 1 of 2 anomalies at precision 1; at >= 3 both, at precision 2/3: AP = 0.5 + 0.5 * 2/3.
        IReadOnlyList<PrPoint> curve = [new(0.5, 1.0), new(1.0, 2.0 / 3)];

        var (ranked, flagEverything) = PrCurveChart.Steps(curve);

        Assert.Equal([(0.0, 1.0), (0.5, 1.0), (0.5, 2.0 / 3), (1.0, 2.0 / 3)], ranked.Select(p => (p.Recall, p.Precision)));
        Assert.Empty(flagEverything);
        Assert.Equal(0.5 + 0.5 * 2.0 / 3, AreaUnder(ranked), 12);
    }

    [Fact]
    public void A_curve_ends_at_the_recall_its_scores_rank_and_flagging_every_record_is_drawn_apart()
    {
        var (ranked, flagEverything) = PrCurveChart.Steps(PartlyRanked);

        Assert.Equal(14 / 114.0, ranked.Max(p => p.Recall));
        Assert.Equal([(14 / 114.0, 1.0), (14 / 114.0, 0.0114), (1.0, 0.0114)], flagEverything.Select(p => (p.Recall, p.Precision)));
        // AP (scikit-learn's, as evaluation.json's pr_auc) counts the anomalies found only by flagging everything.
        Assert.Equal(14 / 114.0 + 100 / 114.0 * 0.0114, AreaUnder(ranked) + AreaUnder(flagEverything), 12);
    }

    [Fact]
    public void Chart_draws_no_precision_at_a_recall_the_model_did_not_reach()
    {
        var html = Chart(PartlyRanked);

        // Recall 14/114 is x 89.3, recall 1 is x 370; precision 1 is y 28, 0.0114 is y 336.4.
        Assert.Equal(["M50,28L89.3,28"], Paths(html, "curve s0"));
        Assert.Equal(["M89.3,28L89.3,336.4L370,336.4"], Paths(html, "curve every-record s0"));
    }

    [Fact]
    public void A_model_that_ranks_no_anomaly_above_the_rest_has_only_the_dotted_line()
    {
        var (ranked, flagEverything) = PrCurveChart.Steps([new PrPoint(1.0, 0.0114, FlagsEveryRecord: true)]);

        Assert.Empty(ranked);
        Assert.Equal([(0.0, 0.0114), (1.0, 0.0114)], flagEverything.Select(p => (p.Recall, p.Precision)));
    }

    private static double AreaUnder(List<PrPoint> steps) =>
        steps.Zip(steps.Skip(1), (a, b) => (b.Recall - a.Recall) * a.Precision).Sum();

    private static string Chart(IReadOnlyList<PrPoint> curve)
    {
        var html = new StringBuilder();
        var model = new ModelReport(1, 0.123, 0.219, 14, 0, 100, new Dictionary<string, TypeReport>(), 0.561, 0.133);
        PrCurveChart.Write(html, new Dictionary<string, IReadOnlyList<PrPoint>> { [ModelNames.TraceStructure] = curve },
            new EvaluationReport(10_000, new Dictionary<string, ModelReport> { [ModelNames.TraceStructure] = model }, new RootCauseReport(0, 0, null, null)));
        return html.ToString();
    }

    private static List<string> Paths(string html, string cssClass) =>
        [.. Regex.Matches(html, $"<path class=\"{cssClass}\" d=\"([^\"]+)\"/>").Select(m => m.Groups[1].Value)];
}
