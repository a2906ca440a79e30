using AnomalyPlatform.Detector.Nab;
using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.Nab;

/// <summary>
/// The nested selection on three one-file categories (a, b, c; 1,000 rows, one window at rows 500..599, where a detection
/// at row 500 earns exactly 1 and a miss costs 1). Candidate A finds the windows of a and b, candidate B those of b and c.
/// </summary>
public sealed class NabNestedSelectionTests
{
    private const int Rows = 1000;
    private static readonly DateTime Start = new(2015, 1, 1);
    private static readonly NabWindow Window = new(Start.AddMinutes(500), Start.AddMinutes(599));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Each_held_out_category_gets_the_candidate_best_on_the_others(bool byDecision)
    {
        var runs = new NabCandidateRuns(
            [new NabCandidate("A", () => throw new NotSupportedException()), new NabCandidate("B", () => throw new NotSupportedException())],
            [Runs(a: true, b: true, c: false), Runs(a: false, b: true, c: true)]);

        var estimate = NabNestedSelection.Estimate(runs, NabProfile.Standard, byDecision);

        // a held out: on b and c, A scores 1 - 1 = 0 and B 1 + 1 = 2, so B, which misses a (-1). b held out: A and B tie
        // at 0 on a and c, the earlier (A) wins and finds b (+1). c held out: A scores 2 on a and b, B 0; A misses c (-1).
        Assert.Equal(["B", "A", "A"], estimate.Categories.Select(static c => c.Chosen));
        Assert.Equal([-1.0, 1.0, -1.0], estimate.Categories.Select(static c => Math.Round(c.HeldOut.RawScore, 9)));
        // Raw -1 against null -3 and perfect 3: 100 x 2 / 6. On all files A and B tie at 1 (A wins): 100 x 4 / 6.
        Assert.Equal(100.0 / 3.0, estimate.HeldOutScore, 9);
        Assert.Equal("A", estimate.ChosenOnAll);
        Assert.Equal(200.0 / 3.0, estimate.InSample.NormalisedScore, 9);
    }

    [Fact]
    public void With_a_single_candidate_the_nested_estimate_equals_the_in_sample_score()
    {
        var runs = new NabCandidateRuns([new NabCandidate("only", () => throw new NotSupportedException())], [Runs(a: true, b: false, c: true)]);

        var estimate = NabNestedSelection.Estimate(runs, NabProfile.Standard, byDecision: true);

        Assert.Equal(estimate.InSample.NormalisedScore, estimate.HeldOutScore, 12);
    }

    private static IReadOnlyList<NabFileRun> Runs(bool a, bool b, bool c) => [File("a/1.csv", a), File("b/1.csv", b), File("c/1.csv", c)];

    private static NabFileRun File(string name, bool finds)
    {
        var timestamps = new DateTime[Rows];
        var values = new double[Rows];
        var scores = new double[Rows];
        var flags = new bool[Rows];
        for (var i = 0; i < Rows; i++)
        {
            timestamps[i] = Start.AddMinutes(i);
        }

        if (finds)
        {
            scores[500] = 1.0;
            flags[500] = true;
        }

        var texts = new string[Rows];
        Array.Fill(texts, "");
        var series = new UnivariateSeries(name, timestamps, values, texts, texts);
        return NabFileRun.Create(name, series, new SeriesDetection(scores, flags), [Window], TimeSpan.Zero);
    }
}
