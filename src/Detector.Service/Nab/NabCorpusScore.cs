namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// A corpus result: the raw sum over files, NAB's normalised score <c>100 × (raw − null) / (perfect − null)</c>
/// (never firing gives 0, a perfect detector 100), and the threshold it was taken at.
/// </summary>
public sealed record NabCorpusScore(NabProfile Profile, double Threshold, double RawScore, double NullScore, double PerfectScore, IReadOnlyList<NabFileScore> Files)
{
    public double NormalisedScore => PerfectScore == NullScore ? 0.0 : 100.0 * (RawScore - NullScore) / (PerfectScore - NullScore);

    /// <summary>
    /// The corpus result of <paramref name="files"/>, each already scored at <paramref name="threshold"/>: the raw sum,
    /// and the null (every window missed) and perfect (every window found at its start) totals their windows allow.
    /// </summary>
    public static NabCorpusScore Of(NabProfile profile, double threshold, IReadOnlyList<NabFileScore> files)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(files);
        double raw = 0;
        var windows = 0;
        foreach (var file in files)
        {
            raw += file.Score;
            windows += file.Windows;
        }

        return new NabCorpusScore(profile, threshold, raw, -profile.FalseNegativeWeight * windows, profile.TruePositiveWeight * windows, files);
    }
}
