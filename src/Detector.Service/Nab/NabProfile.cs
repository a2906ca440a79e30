namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// A NAB application profile: the weights of a true positive (earliest detection in a window), a missed window and
/// a false positive. Only the weights differ between profiles; the sweep is the same.
/// </summary>
public sealed record NabProfile(string Name, double TruePositiveWeight, double FalseNegativeWeight, double FalsePositiveWeight)
{
    public static NabProfile Standard { get; } = new("standard", 1.0, 1.0, 0.11);

    public static NabProfile RewardLowFalsePositiveRate { get; } = new("reward_low_FP_rate", 1.0, 1.0, 0.22);

    public static NabProfile RewardLowFalseNegativeRate { get; } = new("reward_low_FN_rate", 1.0, 2.0, 0.11);

    /// <summary>The three published profiles, standard first.</summary>
    public static IReadOnlyList<NabProfile> All { get; } = [Standard, RewardLowFalsePositiveRate, RewardLowFalseNegativeRate];
}
