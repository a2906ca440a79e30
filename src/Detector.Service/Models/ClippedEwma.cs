namespace AnomalyPlatform.Detector.Models;

/// <summary>One-step-ahead residuals of an exponentially weighted moving average that ignores outlying readings.</summary>
internal static class ClippedEwma
{
    /// <summary>
    /// Writes x_t − level_{t−1} for the rows of one series, the level starting at the series median. A reading more
    /// than <paramref name="clipSigmas"/> robust σ from the level does not update it at all: with clipped (Huber)
    /// updates, an episode of several anomalous readings still drags the level along, and the first normal reading
    /// after it then looks like a drop. Non-finite values give NaN residuals and leave the level alone.
    /// </summary>
    public static void Residuals(
        FeatureMatrix data, int column, ReadOnlySpan<int> rows, Baseline values, double alpha, double clipSigmas, Span<double> residuals)
    {
        var level = values.Center;
        var clip = clipSigmas * values.Scale;
        for (var i = 0; i < rows.Length; i++)
        {
            var x = data[rows[i], column];
            if (!double.IsFinite(x))
            {
                residuals[i] = double.NaN;
                continue;
            }

            var residual = x - level;
            residuals[i] = residual;
            if (Math.Abs(residual) <= clip)
            {
                level += alpha * residual;
            }
        }
    }
}
