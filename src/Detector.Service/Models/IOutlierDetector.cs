namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// An unfitted anomaly detector, in the spirit of PyOD's <c>BaseDetector</c>: <see cref="Fit"/> learns from a
/// feature matrix and returns an immutable fitted model. Every model of the platform (statistical, Isolation Forest,
/// One-Class SVM, LSTM autoencoder) implements this, so that ensembles and the evaluation are written once.
/// </summary>
public interface IOutlierDetector
{
    /// <summary>The model name used in detections (a <c>ModelNames</c> constant or one of the detector's own names).</summary>
    string Name { get; }

    /// <summary>Learns the model from <paramref name="training"/>; the result does not change afterwards.</summary>
    IFittedOutlierDetector Fit(FeatureMatrix training, CancellationToken cancellationToken);
}

/// <summary>A fitted, immutable detector: scores rows and holds the threshold that turns scores into decisions.</summary>
public interface IFittedOutlierDetector
{
    string Name { get; }

    /// <summary>
    /// Rows scoring strictly above this are anomalies. Set from the options' contamination (a quantile of the
    /// training scores) or from the model's own rule (for example a z-score limit).
    /// </summary>
    double Threshold { get; }

    /// <summary>Writes one non-negative score per row of <paramref name="data"/> into <paramref name="scores"/>; higher = more anomalous.</summary>
    void Score(FeatureMatrix data, Span<double> scores);
}

/// <summary>A fitted detector that can also say which feature drove each row's score, for the reasons on a detection.</summary>
public interface IFeatureAttribution
{
    /// <summary>Like <see cref="IFittedOutlierDetector.Score"/>, also writing the index of the driving feature per row (-1 when none).</summary>
    void Score(FeatureMatrix data, Span<double> scores, Span<int> drivingFeature);
}

/// <summary>Decisions from scores, shared by every detector.</summary>
public static class OutlierDetectorExtensions
{
    /// <summary>PyOD's <c>predict</c>: true where the score is strictly above the detector's threshold.</summary>
    public static void Predict(this IFittedOutlierDetector detector, ReadOnlySpan<double> scores, Span<bool> decisions)
    {
        ArgumentNullException.ThrowIfNull(detector);
        if (decisions.Length < scores.Length)
        {
            throw new ArgumentException("The decision span is shorter than the score span.", nameof(decisions));
        }

        var threshold = detector.Threshold;
        for (var i = 0; i < scores.Length; i++)
        {
            decisions[i] = scores[i] > threshold;
        }
    }
}

/// <summary>A fitted detector that can name, for one row, the feature that drove its score (-1 when none did).</summary>
public interface IDrivingFeature
{
    int DrivingFeature(ReadOnlySpan<double> row);
}
