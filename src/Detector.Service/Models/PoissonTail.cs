namespace AnomalyPlatform.Detector.Models;

/// <summary>The exact upper tail of the Poisson distribution, for testing whether a window holds too many events.</summary>
public static class PoissonTail
{
    private static readonly double Ln10 = Math.Log(10);

    /// <summary>
    /// The surprise −log₁₀ P(X ≥ k) for X ~ Poisson(λ): 0 for k ≤ 0, 6 for a one-in-a-million count. Summed exactly in
    /// log space from the k-th term on (the terms fall by λ/(j+1), so a few dozen suffice when k &gt; λ), and as one
    /// minus the lower sum when k ≤ λ, where the tail is not small and no precision is at stake.
    /// </summary>
    public static double Surprise(long k, double lambda)
    {
        if (k <= 0)
        {
            return 0;
        }

        if (!(lambda > 0))
        {
            // No events expected at all: any count is impossible under the baseline; cap instead of returning infinity.
            return 300;
        }

        if (k <= lambda)
        {
            var lower = 0.0;
            var term = Math.Exp(-lambda);
            for (var j = 0; j < k; j++)
            {
                lower += term;
                term *= lambda / (j + 1);
            }

            return -Math.Log10(Math.Max(1.0 - lower, 1e-300));
        }

        var logFirst = -lambda + k * Math.Log(lambda) - LogFactorial(k);
        var sum = 1.0;
        var ratio = 1.0;
        for (var j = k + 1; j < k + 10_000; j++)
        {
            ratio *= lambda / j;
            sum += ratio;
            if (ratio < 1e-17 * sum)
            {
                break;
            }
        }

        return Math.Min(300, -(logFirst + Math.Log(sum)) / Ln10);
    }

    /// <summary>ln k!, exact below 128 and by Stirling's series above (relative error below 1e-12).</summary>
    public static double LogFactorial(long k)
    {
        if (k < 128)
        {
            var sum = 0.0;
            for (var i = 2; i <= k; i++)
            {
                sum += Math.Log(i);
            }

            return sum;
        }

        double n = k;
        return n * Math.Log(n) - n + 0.5 * Math.Log(2 * Math.PI * n) + 1.0 / (12 * n) - 1.0 / (360 * n * n * n);
    }
}
