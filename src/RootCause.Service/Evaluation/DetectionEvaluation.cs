namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>The detection quality of one run against its labels: per model (ensemble included), overall and per anomaly type.</summary>
/// <param name="Records">The number of labelled records.</param>
/// <param name="Models">Keyed by model name in ordinal order; a model that did not run is absent.</param>
public sealed record DetectionEvaluation(long Records, IReadOnlyDictionary<string, ModelEvaluation> Models);

/// <summary>One model's record-level confusion counts and the ratios derived from them (0 when a denominator is 0).</summary>
/// <param name="PerType">Keyed by every type of <c>AnomalyTypes.All</c> plus any other labelled type, in ordinal order.</param>
public sealed record ModelEvaluation(
    double Precision,
    double Recall,
    double F1,
    long TruePositives,
    long FalsePositives,
    long FalseNegatives,
    IReadOnlyDictionary<string, TypeEvaluation> PerType)
{
    /// <summary>
    /// Area under the ROC curve of the model's score over every labelled record (ties count half); see
    /// <see cref="ScoreHistogram.RocAuc"/> for the value when the labels hold one class only. Null when the detector
    /// sent no scores for the model.
    /// </summary>
    public double? RocAuc { get; init; }

    /// <summary>Average precision (step-wise area under the precision-recall curve); see <see cref="ScoreHistogram.AveragePrecision"/>. Null when no scores came.</summary>
    public double? PrAuc { get; init; }

    /// <summary>The precision-recall curve of the score (for <c>report.html</c>; not in <c>evaluation.json</c>); empty when no scores came.</summary>
    public IReadOnlyList<PrPoint> PrCurve { get; init; } = [];

    /// <summary>The anomaly types the model is meant for (<see cref="ModelPurposes"/>), in ordinal order.</summary>
    public IReadOnlyList<string> IntendedTypes { get; init; } = [];

    /// <summary>
    /// Whether the model's recall reaches <see cref="ModelPurposes.RecallTarget"/> on every intended type the run
    /// labelled enough records of to measure it (<see cref="MeasurableRecall"/>); null when there is none.
    /// </summary>
    public bool? MeetsIntendedRecall
    {
        get
        {
            var measurable = MeasurableRecall.MinSupport(ModelPurposes.RecallTarget);
            var judged = IntendedTypes.Where(type => PerType.TryGetValue(type, out var t) && t.Support >= measurable).ToList();
            return judged.Count == 0 ? null : judged.All(type => PerType[type].Recall >= ModelPurposes.RecallTarget);
        }
    }
}

/// <summary>
/// One model on one anomaly type T. <see cref="Support"/>: records labelled T. <see cref="TruePositives"/>: labelled T
/// and flagged (whatever type the detector named). <see cref="FalsePositives"/>: flagged, labelled normal, and
/// detected as T. Precision = TP / (TP + FP), recall = TP / support, F1 their harmonic mean; each 0 when its
/// denominator is 0.
/// </summary>
public sealed record TypeEvaluation(long Support, long TruePositives, long FalsePositives, double Precision, double Recall, double F1);
