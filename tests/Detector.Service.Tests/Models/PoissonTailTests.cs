using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Tests.Models;

public sealed class PoissonTailTests
{
    /// <summary>P(X ≥ k) by the plain sum of the pmf from 0 to k − 1, for comparison where it is accurate.</summary>
    private static double UpperTailByDirectSum(int k, double lambda)
    {
        var term = Math.Exp(-lambda);
        var lower = 0.0;
        for (var j = 0; j < k; j++)
        {
            lower += term;
            term *= lambda / (j + 1);
        }

        return 1 - lower;
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(3, 0.5)]
    [InlineData(5, 2.0)]
    [InlineData(2, 4.0)]
    [InlineData(30, 20.0)]
    public void Surprise_matches_the_direct_tail_sum(int k, double lambda)
    {
        Assert.Equal(-Math.Log10(UpperTailByDirectSum(k, lambda)), PoissonTail.Surprise(k, lambda), 9);
    }

    [Fact]
    public void Far_tail_stays_finite_and_exact_where_one_minus_the_lower_sum_would_be_zero()
    {
        // P(X ≥ 40 | λ = 0.1) = e^−0.1 · 0.1^40 / 40! · (1 + 0.1/41 + …) ≈ 10^−88.9
        var expected = -(-0.1 / Math.Log(10) + 40 * Math.Log10(0.1) - PoissonTail.LogFactorial(40) / Math.Log(10) + Math.Log10(1 + 0.1 / 41 + 0.01 / (41 * 42)));

        Assert.Equal(expected, PoissonTail.Surprise(40, 0.1), 6);
    }

    [Fact]
    public void Surprise_grows_with_the_count_and_falls_with_the_expectation()
    {
        Assert.Equal(0, PoissonTail.Surprise(0, 3.0));
        Assert.True(PoissonTail.Surprise(6, 1.0) > PoissonTail.Surprise(5, 1.0));
        Assert.True(PoissonTail.Surprise(6, 1.0) > PoissonTail.Surprise(6, 2.0));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    public void Log_factorial_is_exact_enough_on_both_sides_of_the_stirling_switch(int k)
    {
        var exact = 0.0;
        for (var i = 2; i <= k; i++)
        {
            exact += Math.Log(i);
        }

        Assert.Equal(exact, PoissonTail.LogFactorial(k), 8);
    }
}
