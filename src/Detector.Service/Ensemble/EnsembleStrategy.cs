namespace AnomalyPlatform.Detector.Ensemble;

/// <summary>How <see cref="EnsembleCombiner"/> combines the models' normalised scores.</summary>
public enum EnsembleStrategy
{
    /// <summary>
    /// The highest normalised score of the models that scored the record; anomalous when any model is past its own
    /// threshold. Right for specialist models that each see different anomaly kinds (the statistical tests, the
    /// trace-structure check): a vote would let the models that cannot see a kind outvote the one that can.
    /// </summary>
    Max,

    /// <summary>
    /// The weighted mean of the normalised scores of the models that scored the record; anomalous when the weighted
    /// share of models past their thresholds is at least one half. For generalist models that all see every record.
    /// </summary>
    WeightedVote,

    /// <summary>
    /// A decisive model that flags decides; otherwise the weighted mean of the voters' normalised scores, anomalous
    /// above one half. Each voter's normalised score is 0.5 at its own threshold, so the mean is above one half when
    /// the voters' evidence beyond their thresholds outweighs their evidence short of them: one model's borderline call
    /// is vetoed by confident "normal"s of the others, and a strong call carries a weak dissent.
    /// </summary>
    SoftVote,
}
