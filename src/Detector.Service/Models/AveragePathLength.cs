namespace AnomalyPlatform.Detector.Models;

/// <summary>c(n): the average path length of an unsuccessful search in a binary search tree of n points (Isolation Forest's normaliser).</summary>
public static class AveragePathLength
{
    private const double EulerGamma = 0.5772156649015329;

    /// <summary>c(n) = 2·H(n−1) − 2(n−1)/n, with c(2) = 1 and c(n ≤ 1) = 0 (Liu et al., 2008, eq. 1).</summary>
    public static double Of(double n)
    {
        if (n <= 1)
        {
            return 0;
        }

        if (n <= 2)
        {
            return 1;
        }

        return 2.0 * Harmonic(n - 1) - 2.0 * (n - 1) / n;
    }

    /// <summary>H(i), exact below 64 and by the asymptotic series ln i + γ + 1/(2i) − 1/(12i²) above (error &lt; 1e-9).</summary>
    private static double Harmonic(double i)
    {
        if (i < 64 && i == Math.Floor(i))
        {
            var sum = 0.0;
            for (var k = 1; k <= i; k++)
            {
                sum += 1.0 / k;
            }

            return sum;
        }

        return Math.Log(i) + EulerGamma + 1.0 / (2 * i) - 1.0 / (12 * i * i);
    }
}
