using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>Robust z-scores of values against the median and MAD-based scale of their own group, the building block of the per-kind features.</summary>
internal static class GroupedRobustZ
{
    /// <summary>
    /// Overwrites <paramref name="values"/> (one per row, NaN = not applicable) with their robust z within their group.
    /// Groups with fewer than <paramref name="minGroupSize"/> finite values, and NaN values, get 0: no evidence.
    /// </summary>
    public static void InPlace(double[] values, int[] groups, int groupCount, int minGroupSize)
    {
        var index = GroupIndex.Build(groups, groupCount);
        var scratch = new double[Math.Max(1, values.Length)];
        for (var group = 0; group < groupCount; group++)
        {
            var rows = index.RowsOf(group);
            var count = 0;
            foreach (var row in rows)
            {
                if (double.IsFinite(values[row]))
                {
                    scratch[count++] = values[row];
                }
            }

            if (count < minGroupSize)
            {
                foreach (var row in rows)
                {
                    values[row] = 0;
                }

                continue;
            }

            var (median, scale) = RobustStatistics.MedianAndScale(scratch.AsSpan(0, count));
            scale = Math.Max(scale, Math.Max(1e-9 * Math.Abs(median), 1e-12));
            foreach (var row in rows)
            {
                values[row] = double.IsFinite(values[row]) ? (values[row] - median) / scale : 0;
            }
        }
    }

    /// <summary>sign(z)·ln(1 + |z|): keeps the order and the sign, but a 1000σ reading no longer dwarfs every distance in a kernel.</summary>
    public static double Compress(double z) => Math.CopySign(Math.Log(1 + Math.Abs(z)), z);
}
