namespace AnomalyPlatform.Detector.Models;

/// <summary>Turns a contamination (expected share of anomalies) into a score threshold, as PyOD does after <c>fit</c>.</summary>
public static class ContaminationThreshold
{
    /// <summary>
    /// The threshold such that at most <c>floor(contamination × n)</c> of <paramref name="trainingScores"/> lie strictly
    /// above it: the (n − k)-th smallest score. Ties at the threshold are not flagged, so identical scores are never
    /// split into flagged and unflagged.
    /// </summary>
    public static double FromScores(ReadOnlySpan<double> trainingScores, double contamination)
    {
        if (contamination is <= 0 or > 0.5 || double.IsNaN(contamination))
        {
            throw new ArgumentOutOfRangeException(nameof(contamination), contamination, "Contamination must lie in (0, 0.5].");
        }

        if (trainingScores.IsEmpty)
        {
            return double.PositiveInfinity;
        }

        var sorted = trainingScores.ToArray();
        Array.Sort(sorted);
        var allowedAbove = (int)Math.Floor(contamination * sorted.Length);
        return sorted[sorted.Length - 1 - allowedAbove];
    }
}
