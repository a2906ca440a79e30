using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Tests.Models;

public sealed class ModeratedScalesTests
{
    [Fact]
    public void Polygamma_functions_match_their_known_values()
    {
        const double eulerGamma = 0.5772156649015329;
        Assert.Equal(-eulerGamma, ModeratedScales.Digamma(1), 8);
        Assert.Equal(-eulerGamma - 2 * Math.Log(2), ModeratedScales.Digamma(0.5), 8);
        Assert.Equal(Math.PI * Math.PI / 6, ModeratedScales.Trigamma(1), 8);
        Assert.Equal(Math.PI * Math.PI / 2, ModeratedScales.Trigamma(0.5), 8);
        foreach (var x in new[] { 0.05, 0.7, 2.5, 40.0, 3000.0 })
        {
            Assert.Equal(x, ModeratedScales.TrigammaInverse(ModeratedScales.Trigamma(x)), x * 1e-6);
        }
    }

    /// <summary>
    /// Forty calling contexts of one operation whose log-durations spread alike (σ = 0.4), one of which happens to have
    /// eleven spans within a few per cent of each other, and one large context that really is narrower.
    /// </summary>
    private static FeatureMatrix Contexts(out int tightGroup, out int largeGroup, out int slowRow)
    {
        var random = new Random(7);
        var values = new List<double>();
        var groups = new List<int>();
        const int ordinary = 40;
        for (var group = 0; group < ordinary; group++)
        {
            for (var i = 0; i < 30; i++)
            {
                values.Add(2 + 0.4 * Gaussian(random));
                groups.Add(group);
            }
        }

        tightGroup = ordinary;
        for (var i = 0; i < 10; i++)
        {
            values.Add(1.8 + 0.04 * Gaussian(random));
            groups.Add(tightGroup);
        }

        // An ordinary slow call for the operation: 2σ of its contexts' spread, 20 "σ" of the tight context's own MAD.
        slowRow = values.Count;
        values.Add(1.8 + 0.8);
        groups.Add(tightGroup);

        largeGroup = ordinary + 1;
        for (var i = 0; i < 3000; i++)
        {
            values.Add(3 + 0.1 * Gaussian(random));
            groups.Add(largeGroup);
        }

        return FeatureMatrix.SingleColumn("log_duration", [.. values], [.. groups], ordinary + 2);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    [Fact]
    public void A_small_context_that_is_narrow_by_chance_is_widened_toward_the_other_contexts()
    {
        var matrix = Contexts(out var tight, out _, out _);
        var own = new StatisticalDetector(new StatisticalDetectorOptions()).Fit(matrix, CancellationToken.None);
        var moderated = new StatisticalDetector(new StatisticalDetectorOptions { ModerateScales = true }).Fit(matrix, CancellationToken.None);

        var ownScale = own.BaselineOf(0, tight).Scale;
        Assert.True(ownScale < 0.07, $"own scale {ownScale:0.000}");
        // Not all the way to 0.4: the large context shows that contexts really do differ, so the prior is not certain.
        Assert.InRange(moderated.BaselineOf(0, tight).Scale, 2 * ownScale, 0.4);
        Assert.Equal(own.BaselineOf(0, tight).Center, moderated.BaselineOf(0, tight).Center);
    }

    [Fact]
    public void A_large_context_keeps_its_own_scale()
    {
        var matrix = Contexts(out _, out var large, out _);
        var own = new StatisticalDetector(new StatisticalDetectorOptions()).Fit(matrix, CancellationToken.None);
        var moderated = new StatisticalDetector(new StatisticalDetectorOptions { ModerateScales = true }).Fit(matrix, CancellationToken.None);

        Assert.Equal(own.BaselineOf(0, large).Scale, moderated.BaselineOf(0, large).Scale, 0.01);
    }

    [Fact]
    public void An_ordinary_slow_call_in_a_small_narrow_context_is_not_flagged_but_a_real_spike_still_is()
    {
        var matrix = Contexts(out _, out _, out var slowRow);
        var scores = new double[matrix.Rows];
        var flags = new bool[matrix.Rows];

        var own = new StatisticalDetector(new StatisticalDetectorOptions { UpperTailOnly = true }).Fit(matrix, CancellationToken.None);
        own.Score(matrix, scores);
        own.Predict(scores, flags);
        Assert.True(flags[slowRow], $"without moderation z = {scores[slowRow]:0.0}");

        var moderated = new StatisticalDetector(new StatisticalDetectorOptions { UpperTailOnly = true, ModerateScales = true })
            .Fit(matrix, CancellationToken.None);
        moderated.Score(matrix, scores);
        moderated.Predict(scores, flags);
        Assert.False(flags[slowRow], $"moderated z = {scores[slowRow]:0.0}");

        // Ten times as slow as the context's calls (ln 10 ≈ 2.3 above them) is a spike on any of these scales.
        var spiked = Contexts(out _, out _, out slowRow);
        var values = new double[spiked.Rows];
        for (var row = 0; row < values.Length; row++)
        {
            values[row] = spiked[row, 0];
        }

        values[slowRow] = 1.8 + Math.Log(10);
        var withSpike = FeatureMatrix.SingleColumn("log_duration", values, spiked.Groups.ToArray(), spiked.GroupCount);
        var refitted = new StatisticalDetector(new StatisticalDetectorOptions { UpperTailOnly = true, ModerateScales = true })
            .Fit(withSpike, CancellationToken.None);
        refitted.Score(withSpike, scores);
        refitted.Predict(scores, flags);
        Assert.True(flags[slowRow], $"moderated z of a tenfold call = {scores[slowRow]:0.0}");
    }
}
