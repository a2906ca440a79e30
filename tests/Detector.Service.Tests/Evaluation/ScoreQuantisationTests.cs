using AnomalyPlatform.Detector.Evaluation;

namespace AnomalyPlatform.Detector.Tests.Evaluation;

public sealed class ScoreQuantisationTests
{
    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(-0.5, 0)]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 32768)]
    [InlineData(1.0, 65535)]
    [InlineData(7.0, 65535)]
    public void Quantisation_clamps_to_sixteen_bits_and_maps_unscored_to_zero(double score, int expected)
    {
        Assert.Equal(expected, ScoreQuantisation.Quantise(score));
    }
}
