namespace AnomalyPlatform.Detector.Models;

/// <summary>Median and robust scale of a sample, the building blocks of the robust z-score.</summary>
public static class RobustStatistics
{
    /// <summary>1 / Φ⁻¹(3/4): makes the MAD a consistent estimator of σ for normal data.</summary>
    public const double MadToSigma = 1.482602218505602;

    /// <summary>√(π/2): makes the mean absolute deviation a consistent estimator of σ for normal data.</summary>
    public const double MeanAbsoluteDeviationToSigma = 1.2533141373155001;

    /// <summary>The median of <paramref name="values"/>; reorders the span. NaN when empty.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }

    /// <summary>
    /// Median and σ-consistent scale of <paramref name="values"/> (overwritten as scratch). The scale is 1.4826·MAD;
    /// when more than half the values are identical the MAD is 0, and the mean absolute deviation takes over
    /// (the fallback of IBM SPSS's modified z-score), so that one differing value is not infinitely anomalous.
    /// Zero only when every value is identical.
    /// </summary>
    public static (double Median, double Scale) MedianAndScale(Span<double> values)
    {
        var median = MedianInPlace(values);
        if (values.IsEmpty)
        {
            return (double.NaN, double.NaN);
        }

        var sumAbs = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
            sumAbs += values[i];
        }

        var mad = MedianInPlace(values);
        var scale = mad > 0 ? MadToSigma * mad : MeanAbsoluteDeviationToSigma * sumAbs / values.Length;
        return (median, scale);
    }
}
