namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// Robust per-column standardisation, (x − median) / scale, learned on a sample (see <see cref="MedianAndTailScale"/>);
/// a kernel on unscaled columns would let the widest-ranging feature decide every distance.
/// </summary>
internal sealed class ColumnScaler
{
    private ColumnScaler(double[] centers, double[] scales)
    {
        Centers = centers;
        Scales = scales;
    }

    public double[] Centers { get; }

    public double[] Scales { get; }

    public static ColumnScaler Fit(FeatureMatrix data, ReadOnlySpan<int> rows)
    {
        var centers = new double[data.Columns];
        var scales = new double[data.Columns];
        var values = new double[rows.Length];
        for (var column = 0; column < data.Columns; column++)
        {
            var count = 0;
            foreach (var row in rows)
            {
                var value = data[row, column];
                if (double.IsFinite(value))
                {
                    values[count++] = value;
                }
            }

            if (count == 0)
            {
                scales[column] = 1;
                continue;
            }

            var (median, scale) = MedianAndTailScale(values.AsSpan(0, count));
            centers[column] = median;
            scales[column] = scale;
        }

        return new ColumnScaler(centers, scales);
    }

    /// <summary>
    /// Median and the larger of 1.4826·MAD and 1.2533·mean |x − median| (both σ for normal data). The MAD alone
    /// collapses on zero-inflated or half-clipped columns (a window surprise that is 0 for most rows, a one-sided z),
    /// putting every non-zero value hundreds of units out; the mean absolute deviation keeps such columns on a scale
    /// set by how far their values typically are from the center. 1 when the column is constant.
    /// </summary>
    private static (double Median, double Scale) MedianAndTailScale(Span<double> values)
    {
        var median = RobustStatistics.MedianInPlace(values);
        var sumAbs = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
            sumAbs += values[i];
        }

        var mad = RobustStatistics.MadToSigma * RobustStatistics.MedianInPlace(values);
        var meanAbs = RobustStatistics.MeanAbsoluteDeviationToSigma * sumAbs / values.Length;
        var scale = Math.Max(mad, meanAbs);
        return (median, scale > 1e-12 ? scale : 1.0);
    }

    internal static ColumnScaler From(double[] centers, double[] scales) => new(centers, scales);

    /// <summary>Writes the scaled row; a non-finite value (feature does not apply) becomes the center.</summary>
    public void Transform(ReadOnlySpan<double> row, Span<double> scaled)
    {
        for (var column = 0; column < row.Length; column++)
        {
            var value = row[column];
            scaled[column] = double.IsFinite(value) ? (value - Centers[column]) / Scales[column] : 0.0;
        }
    }
}
