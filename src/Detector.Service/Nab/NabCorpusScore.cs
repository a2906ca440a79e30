namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// A corpus result: the raw sum over files, NAB's normalised score <c>100 × (raw − null) / (perfect − null)</c>
/// (never firing gives 0, a perfect detector 100), and the threshold it was taken at.
/// </summary>
public sealed record NabCorpusScore(NabProfile Profile, double Threshold, double RawScore, double NullScore, double PerfectScore, IReadOnlyList<NabFileScore> Files)
{
    public double NormalisedScore => PerfectScore == NullScore ? 0.0 : 100.0 * (RawScore - NullScore) / (PerfectScore - NullScore);
}
