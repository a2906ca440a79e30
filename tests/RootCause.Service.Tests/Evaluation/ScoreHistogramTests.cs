

using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Tests.Evaluation;

public sealed class ScoreHistogramTests
{
    private static ScoreHistogram Histogram(ushort[] anomalous, ushort[] normal)
    {
        var histogram = new ScoreHistogram();
        foreach (var score in anomalous)
        {
            histogram.Add(score, isAnomaly: true);
        }

        foreach (var score in normal)
        {
            histogram.Add(score, isAnomaly: false);
        }

        return histogram;
    }

    [Fact]
    public void Perfect_ranking_has_both_areas_one()
    {
        var histogram = Histogram([5, 4], [1, 0]);

        Assert.Equal(1.0, histogram.RocAuc());
        Assert.Equal(1.0, histogram.AveragePrecision());
    }

    [Fact]
    public void Inverted_ranking_has_roc_auc_zero_and_precision_of_anomalies_found_last()
    {
        var histogram = Histogram([1, 2], [3, 4]);

        Assert.Equal(0.0, histogram.RocAuc());
        // Descending: 4 n, 3 n, 2 a (precision 1/3), 1 a (precision 2/4); AP = (1/3 + 1/2) / 2.
        Assert.Equal((1.0 / 3 + 0.5) / 2, histogram.AveragePrecision(), 12);
    }

    [Fact]
    public void Tied_pair_counts_half_and_tied_records_enter_the_precision_curve_together()
    {
        var histogram = Histogram([3, 2], [2, 1]);

        // Pairs (a, n): (3,2) win, (3,1) win, (2,2) tie, (2,1) win: 3.5 of 4.
        Assert.Equal(0.875, histogram.RocAuc(), 12);
        // Descending: 3 a (1/1), then 2 a and 2 n together (2/3); AP = (1 + 2/3) / 2.
        Assert.Equal((1 + 2.0 / 3) / 2, histogram.AveragePrecision(), 12);
    }

    [Fact]
    public void All_scores_tied_is_chance_ranking_with_precision_at_the_base_rate()
    {
        var histogram = Histogram([7], [7, 7]);

        Assert.Equal(0.5, histogram.RocAuc(), 12);
        Assert.Equal(1.0 / 3, histogram.AveragePrecision(), 12);
    }

    [Fact]
    public void Without_anomalies_roc_auc_is_one_half_and_average_precision_zero()
    {
        var histogram = Histogram([], [1, 2, 3]);

        Assert.Equal(ScoreHistogram.RocAucWithOneClass, histogram.RocAuc());
        Assert.Equal(0.5, ScoreHistogram.RocAucWithOneClass);
        Assert.Equal(ScoreHistogram.AveragePrecisionWithoutPositives, histogram.AveragePrecision());
        Assert.Equal(0.0, ScoreHistogram.AveragePrecisionWithoutPositives);
    }

    [Fact]
    public void Without_normal_records_roc_auc_is_one_half_and_every_cut_is_pure()
    {
        var histogram = Histogram([1, 9], []);

        Assert.Equal(0.5, histogram.RocAuc());
        Assert.Equal(1.0, histogram.AveragePrecision());
    }

    [Fact]
    public void Extreme_levels_are_counted()
    {
        var histogram = Histogram([ushort.MaxValue], [0]);

        Assert.Equal(1.0, histogram.RocAuc());
        Assert.Equal(1.0, histogram.AveragePrecision());
    }

    [Fact]
    public void Clear_forgets_every_count()
    {
        var histogram = Histogram([1], [2]);

        histogram.Clear();
        histogram.Add(5, isAnomaly: true);
        histogram.Add(4, isAnomaly: false);

        Assert.Equal(1.0, histogram.RocAuc());
        Assert.Equal(1, histogram.Positives);
        Assert.Equal(1, histogram.Negatives);
    }

    [Fact]
    public void Precision_recall_curve_steps_down_the_scores_and_reaches_full_recall()
    {
        // Flagging at >= 5: 1 of 1 anomalous (recall 0.5); at >= 4 nothing new is found; at >= 3: 2 of 3 (recall 1).
        var histogram = Histogram([5, 3], [4, 1]);

        var curve = histogram.PrecisionRecallCurve(maxPoints: 100);

        Assert.Equal([new PrPoint(0.5, 1.0), new PrPoint(1.0, 2.0 / 3)], curve);
    }

    [Fact]
    public void Precision_recall_curve_is_thinned_to_its_point_budget_and_ends_at_the_first_full_recall()
    {
        // Every anomaly outscores every normal record: recall 1 at precision 1; flagging the normal ones too adds no point.
        var histogram = Histogram([.. Enumerable.Range(1000, 1000).Select(score => (ushort)score)], [.. Enumerable.Range(0, 1000).Select(score => (ushort)score)]);

        var curve = histogram.PrecisionRecallCurve(maxPoints: 10);

        Assert.InRange(curve.Count, 2, 11);
        Assert.Equal(new PrPoint(1.0, 1.0), curve[^1]);
        Assert.DoesNotContain(curve, point => point.FlagsEveryRecord);
    }

    [Fact]
    public void Anomalies_tied_at_the_lowest_score_are_reached_only_by_the_point_that_flags_every_record()
    {
        // A model that sees 14 of 114 anomalies and scores everything else 0, as trace_structure does on 10,000 records.
        var histogram = Histogram([.. Enumerable.Repeat((ushort)50_000, 14), .. Enumerable.Repeat((ushort)0, 100)], [.. Enumerable.Repeat((ushort)0, 9_886)]);

        var curve = histogram.PrecisionRecallCurve(maxPoints: 100);

        Assert.Equal([new PrPoint(14 / 114.0, 1.0), new PrPoint(1.0, 114 / 10_000.0, FlagsEveryRecord: true)], curve);
    }

    [Fact]
    public void Area_under_the_steps_of_the_unthinned_curve_is_the_average_precision()
    {
        var random = new Random(7);
        var histogram = Histogram(
            [.. Enumerable.Range(0, 300).Select(_ => (ushort)random.Next(0, 400)), .. Enumerable.Repeat((ushort)0, 50)],
            [.. Enumerable.Range(0, 5_000).Select(_ => (ushort)random.Next(0, 300))]);

        // A budget of one point per anomaly thins nothing out.
        var curve = histogram.PrecisionRecallCurve(maxPoints: (int)histogram.Positives);

        var area = curve.Select((point, i) => (point.Recall - (i == 0 ? 0 : curve[i - 1].Recall)) * point.Precision).Sum();
        Assert.Equal(histogram.AveragePrecision(), area, 12);
        Assert.True(curve[^1].FlagsEveryRecord);
    }

    [Fact]
    public void Without_anomalies_the_precision_recall_curve_is_empty() =>
        Assert.Empty(Histogram([], [3, 2]).PrecisionRecallCurve(maxPoints: 100));
}
