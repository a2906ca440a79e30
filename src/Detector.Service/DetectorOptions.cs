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

    /// <summary>
    /// Whether a full compacting garbage collection precedes each segment this instance analyses after its first. A
    /// segment's records and analysis arrays (about 800 MB for a million records) die together when it is done, while the
    /// next segment is already being generated; left to the background collector, which does not compact, the heap grew
    /// by about a segment's worth with every segment (2.8 GB at 10,000,000 records). It costs well under a second a segment.
    /// </summary>
    public bool CompactBetweenSegments { get; set; } = true;

    /// <summary>Detections per <c>DetectionBatch</c> message.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Detector:DetectionBatchSize must be between 1 and 1000000.")]
    public int DetectionBatchSize { get; set; } = 4096;

    /// <summary>
    /// Robust z above which a metric reading is a spike (against its own series, value or EWMA residual). 6 is about
    /// the two-sided Bonferroni level for a million readings at α = 0.01 (Φ⁻¹(1 − 0.005 / 10⁶) ≈ 5.9): daily cycles
    /// make the MAD of a whole series a little narrow at the peaks, and a run has hundreds of thousands of readings.
    /// </summary>
    [Range(1.0, 100.0, ErrorMessage = "Detector:MetricZThreshold must be between 1 and 100.")]
    public double MetricZThreshold { get; set; } = 6.0;

    /// <summary>
    /// Smallest relative change against the series' EWMA level that counts as a metric spike (0.5 = 1.5× or 1/1.5×, on the log
    /// scale: beyond most of the 20–40 % traffic surges a busy estate sees every day); a reading's score is scaled down by its effect size below that. 0 turns the effect-size gate off.
    /// </summary>
    [Range(0.0, 100.0, ErrorMessage = "Detector:MetricMinRelativeChange must be between 0 and 100.")]
    public double MetricMinRelativeChange { get; set; } = 0.5;

    /// <summary>
    /// Robust z above which a span's log duration is anomalous against its (service, operation, caller) baseline. Spans
    /// one σ short of it count as slow for the burst test: several at one service within a window are a latency fault.
    /// </summary>
    [Range(1.0, 100.0, ErrorMessage = "Detector:SpanZThreshold must be between 1 and 100.")]
    public double SpanZThreshold { get; set; } = 5.0;

    /// <summary>Width of the base counting window of the Poisson window tests, in seconds (grids of ⅓, 1 and 5 times it are used).</summary>
    [Range(1.0, 86_400.0, ErrorMessage = "Detector:WindowSeconds must be between 1 and 86400.")]
    public double WindowSeconds { get; set; } = 60.0;

    /// <summary>Smoothing of the EWMA whose residuals metric series are also scored on; unset disables the EWMA.</summary>
    [Range(0.01, 1.0, ErrorMessage = "Detector:EwmaAlpha must be between 0.01 and 1 (or unset to disable the EWMA residual).")]
    public double? EwmaAlpha { get; set; } = 0.3;

    /// <summary>A series (or count baseline) needs this many points before it is scored at all.</summary>
    [Range(3, 1_000_000, ErrorMessage = "Detector:MinSeriesLength must be between 3 and 1000000.")]
    public int MinSeriesLength { get; set; } = 8;

    /// <summary>
    /// False-discovery rate of the Poisson window tests (Benjamini–Hochberg over every window tested in the run): of
    /// the windows called significant, at most this share is expected to be false, however long the run.
    /// </summary>
    [Range(1e-9, 0.5, ErrorMessage = "Detector:CountFalseDiscoveryRate must be between 1e-9 and 0.5.")]
    public double CountFalseDiscoveryRate { get; set; } = 0.01;

    /// <summary>
    /// The least surprise −log₁₀ p a window needs to be significant (3 = one in a thousand), however low the
    /// false-discovery procedure would go in a run where most windows holding two or more ERROR lines are bursts.
    /// </summary>
    [Range(0.0, 50.0, ErrorMessage = "Detector:CountMinSurprise must be between 0 and 50.")]
    public double CountMinSurprise { get; set; } = 3.0;

    /// <summary>
    /// Surprise (−log₁₀ p) a caller's own window needs to inherit the significance of a callee's burst in the same
    /// window. 1 means p ≤ 0.1: the caller is at least mildly elevated, not merely logging its usual errors.
    /// </summary>
    [Range(0.0, 50.0, ErrorMessage = "Detector:PropagationSurprise must be between 0 and 50.")]
    public double PropagationSurprise { get; set; } = 1.0;

    /// <summary>Seed of every randomised model (Isolation Forest sampling and splits, One-Class SVM features and SGD).</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Trees of the Isolation Forest.</summary>
    [Range(1, 10_000, ErrorMessage = "Detector:IsolationForestTrees must be between 1 and 10000.")]
    public int IsolationForestTrees { get; set; } = 100;

    /// <summary>Sub-sample size ψ of each isolation tree.</summary>
    [Range(2, 100_000, ErrorMessage = "Detector:IsolationForestSampleSize must be between 2 and 100000.")]
    public int IsolationForestSampleSize { get; set; } = 256;

    /// <summary>Isolation Forest score s = 2^(−E[h]/c(ψ)) above which a record is anomalous (unless Contamination is set).</summary>
    [Range(0.5, 0.99, ErrorMessage = "Detector:IsolationForestScoreThreshold must be between 0.5 and 0.99.")]
    public double IsolationForestScoreThreshold { get; set; } = 0.7;

    /// <summary>ν of the One-Class SVM: the share of training records left outside its boundary.</summary>
    [Range(0.0001, 0.5, ErrorMessage = "Detector:OneClassSvmNu must be between 0.0001 and 0.5.")]
    public double OneClassSvmNu { get; set; } = 0.02;

    /// <summary>Density ratio ρ / (w·z) to the ν boundary above which the One-Class SVM calls a record anomalous (unless Contamination is set).</summary>
    [Range(0.01, 1000.0, ErrorMessage = "Detector:OneClassSvmScoreThreshold must be between 0.01 and 1000.")]
    public double OneClassSvmScoreThreshold { get; set; } = 2.0;

    /// <summary>Random Fourier features of the One-Class SVM's RBF kernel approximation.</summary>
    [Range(8, 8192, ErrorMessage = "Detector:OneClassSvmComponents must be between 8 and 8192.")]
    public int OneClassSvmComponents { get; set; } = 256;

    /// <summary>
    /// The models to run, by name (statistical, trace_structure, isolation_forest, one_class_svm, and any model
    /// registered in <c>RecordModelCatalog</c>); empty runs them all. For benchmarks and ablations.
    /// </summary>
    public IList<string> Models { get; } = [];

    /// <summary>How the models' normalised scores combine into the ensemble decision.</summary>
    [EnumDataType(typeof(EnsembleStrategy), ErrorMessage = "Detector:EnsembleStrategy must be Max, WeightedVote or SoftVote.")]
    public EnsembleStrategy EnsembleStrategy { get; set; } = EnsembleStrategy.SoftVote;
}
