using System.ComponentModel.DataAnnotations;
using AnomalyPlatform.Detector.Ensemble;

namespace AnomalyPlatform.Detector;

/// <summary>Settings of the detection stage, bound from the <c>Detector</c> section and validated at start.</summary>
public sealed class DetectorOptions
{
    public const string SectionName = "Detector";

    /// <summary>
    /// Expected share of anomalous records. When set, each model flags that share of the records it scores (PyOD's
    /// contamination threshold) instead of using its own rule (the z limits below). Null (the default) keeps the
    /// models' own rules, which do not assume an anomaly rate.
    /// </summary>
    [Range(0.0001, 0.5, ErrorMessage = "Detector:Contamination must be between 0.0001 and 0.5 (or unset to use the z thresholds).")]
    public double? Contamination { get; set; }

    /// <summary>Detections per <c>DetectionBatch</c> message.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Detector:DetectionBatchSize must be between 1 and 1000000.")]
    public int DetectionBatchSize { get; set; } = 4096;

    /// <summary>Robust z above which a metric reading is a spike (against its own series, value or EWMA residual).</summary>
    [Range(1.0, 100.0, ErrorMessage = "Detector:MetricZThreshold must be between 1 and 100.")]
    public double MetricZThreshold { get; set; } = 5.0;

    /// <summary>Robust z above which a span's log duration is anomalous against its (service, operation) baseline.</summary>
    [Range(1.0, 100.0, ErrorMessage = "Detector:SpanZThreshold must be between 1 and 100.")]
    public double SpanZThreshold { get; set; } = 5.0;

    /// <summary>
    /// Robust z, on Anscombe-transformed counts, above which a service window holds an ERROR-log burst or an event
    /// flood. Lower than the reading limits because the transform's unit-variance floor already makes it conservative:
    /// at a quiet service (mean 0.3 per window) z &gt; 4 needs 7 or more in one window.
    /// </summary>
    [Range(1.0, 100.0, ErrorMessage = "Detector:CountZThreshold must be between 1 and 100.")]
    public double CountZThreshold { get; set; } = 4.0;

    /// <summary>Width of the base counting window, in seconds (a second grid uses five times it).</summary>
    [Range(1.0, 86_400.0, ErrorMessage = "Detector:WindowSeconds must be between 1 and 86400.")]
    public double WindowSeconds { get; set; } = 60.0;

    /// <summary>Smoothing of the EWMA whose residuals metric series are also scored on; unset disables the EWMA.</summary>
    [Range(0.01, 1.0, ErrorMessage = "Detector:EwmaAlpha must be between 0.01 and 1 (or unset to disable the EWMA residual).")]
    public double? EwmaAlpha { get; set; } = 0.3;

    /// <summary>A series (or count baseline) needs this many points before it is scored at all.</summary>
    [Range(3, 1_000_000, ErrorMessage = "Detector:MinSeriesLength must be between 3 and 1000000.")]
    public int MinSeriesLength { get; set; } = 8;

    /// <summary>How the models' normalised scores combine into the ensemble decision.</summary>
    [EnumDataType(typeof(EnsembleStrategy), ErrorMessage = "Detector:EnsembleStrategy must be Max or WeightedVote.")]
    public EnsembleStrategy EnsembleStrategy { get; set; } = EnsembleStrategy.Max;
}
