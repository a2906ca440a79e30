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
