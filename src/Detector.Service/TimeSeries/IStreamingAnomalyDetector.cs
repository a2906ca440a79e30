namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// A univariate detector that sees a series once, in order: each call scores the new point from the points before it
/// (and itself) only, so it runs the same live as on a file. One instance per series.
/// </summary>
public interface IStreamingAnomalyDetector
{
    /// <summary>Scores the next point; timestamps must increase.</summary>
    AnomalyPoint Update(DateTime timestamp, double value);
}

/// <summary>A point's anomaly score in 0..1 (higher = more anomalous) and the detector's own decision.</summary>
public readonly record struct AnomalyPoint(double Score, bool IsAnomaly);

/// <summary>What the streaming detectors make of a reading before they keep it.</summary>
public static class StreamingReadings
{
    /// <summary>
    /// The largest magnitude a detector works with. Readings beyond it (a corrupt 1e160 in an export) are held at it:
    /// the detectors square, sum and subtract readings, and at such magnitudes those overflow to infinity and then NaN,
    /// which would score that reading and every later one that remembers it as NaN. Held at 1e100 it is still flagged.
    /// </summary>
    public const double MaxMagnitude = 1e100;

    public static double Bounded(double value) => Math.Clamp(value, -MaxMagnitude, MaxMagnitude);
}
