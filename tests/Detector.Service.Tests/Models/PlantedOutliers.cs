using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Tests.Models;

/// <summary>Small seeded data sets with known outliers for the multivariate detectors' tests.</summary>
internal static class PlantedOutliers
{
    /// <summary>
    /// Two correlated Gaussian clusters in three dimensions (the bulk) and <paramref name="outliers"/> points far from
    /// both, at the end of the matrix. Returns the matrix and the outlier rows.
    /// </summary>
    public static (FeatureMatrix Matrix, HashSet<int> Outliers) Clusters(int seed, int inliers = 600, int outliers = 6)
    {
        var random = new Random(seed);
        var rows = inliers + outliers;
        var values = new double[rows * 3];
        for (var i = 0; i < inliers; i++)
        {
            var (cx, cy, cz) = i % 2 == 0 ? (0.0, 0.0, 0.0) : (6.0, 6.0, 0.0);
            var a = Gaussian(random);
            values[i * 3] = cx + a + 0.3 * Gaussian(random);
            values[i * 3 + 1] = cy + a + 0.3 * Gaussian(random);
            values[i * 3 + 2] = cz + Gaussian(random);
        }

        var planted = new HashSet<int>();
        for (var k = 0; k < outliers; k++)
        {
            var row = inliers + k;
            planted.Add(row);
            // Far out along a different direction each time, including one that breaks only the x–y correlation.
            (values[row * 3], values[row * 3 + 1], values[row * 3 + 2]) = (k % 3) switch
            {
                0 => (15 + k, -12.0, 0.5),
                1 => (3.0, -3.0, 9.0 + k),
                _ => (-10.0 - k, 14.0, -7.0),
            };
        }

        return (new FeatureMatrix(rows, ["x", "y", "z"], values), planted);
    }

    public static double LowestOutlierMinusHighestInlier(double[] scores, HashSet<int> outliers)
    {
        var lowestOutlier = double.PositiveInfinity;
        var highestInlier = double.NegativeInfinity;
        for (var row = 0; row < scores.Length; row++)
        {
            if (outliers.Contains(row))
            {
                lowestOutlier = Math.Min(lowestOutlier, scores[row]);
            }
            else
            {
                highestInlier = Math.Max(highestInlier, scores[row]);
            }
        }

        return lowestOutlier - highestInlier;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
