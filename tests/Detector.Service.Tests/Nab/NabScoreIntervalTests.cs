using AnomalyPlatform.Detector.Nab;

namespace AnomalyPlatform.Detector.Tests.Nab;

public sealed class NabScoreIntervalTests
{
    [Fact]
    public void Files_that_all_score_alike_give_an_interval_of_that_score_alone()
    {
        // Every file: one window found (+1): each resample scores 100.
        var score = Corpus(File("a", 1.0, 1), File("b", 1.0, 1), File("c", 1.0, 1));

        var interval = NabScoreInterval.Of(score)!;

        Assert.Equal(100.0, interval.Low, 9);
        Assert.Equal(100.0, interval.High, 9);
    }

    [Fact]
    public void A_file_found_and_a_file_missed_span_the_whole_scale()
    {
        // Together 50; a resample holds both twice as often as either alone (0 or 100, a quarter each).
        var score = Corpus(File("found", 1.0, 1), File("missed", -1.0, 1));

        var interval = NabScoreInterval.Of(score)!;

        Assert.Equal(50.0, score.NormalisedScore, 9);
        Assert.Equal(0.0, interval.Low, 9);
        Assert.Equal(100.0, interval.High, 9);
    }

    [Fact]
    public void The_interval_holds_the_score_and_is_the_same_on_every_call()
    {
        var score = Corpus(
            File("a", 0.9, 1), File("b", 1.7, 2), File("c", -1.0, 1), File("d", 0.4, 1), File("e", -0.33, 0), File("f", 2.6, 3));

        var first = NabScoreInterval.Of(score)!;
        var second = NabScoreInterval.Of(score)!;

        Assert.InRange(score.NormalisedScore, first.Low, first.High);
        Assert.True(first.Low < first.High);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Fewer_than_two_files_with_windows_have_no_interval()
    {
        Assert.Null(NabScoreInterval.Of(Corpus(File("a", 1.0, 1), File("no windows", -0.22, 0))));
    }

    private static NabFileScore File(string name, double raw, int windows) =>
        new(name, raw, TruePositives: 0, FalsePositives: 0, FalseNegatives: 0, TrueNegatives: 0, windows, DetectedWindows: 0);

    private static NabCorpusScore Corpus(params NabFileScore[] files)
    {
        var windows = files.Sum(static f => f.Windows);
        return new NabCorpusScore(NabProfile.Standard, 0.5, files.Sum(static f => f.Score), -windows, windows, files);
    }
}
