namespace AnomalyPlatform.Detector.Models;

/// <summary>One-step-ahead residuals of an exponentially weighted moving average whose updates are clipped.</summary>
internal static class ClippedEwma
{
    /// <summary>
    /// Writes x_t − level_{t−1} for the rows of one series, the level starting at the series median. Updates are
    /// clipped to ±<paramref name="clipSigmas"/> robust σ (a Huber-style EWMA) so that an outlier barely moves the
    /// level and does not hide its neighbours. Non-finite values give NaN residuals and leave the level alone.
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
            level += alpha * Math.Clamp(residual, -clip, clip);
        }
    }
}
