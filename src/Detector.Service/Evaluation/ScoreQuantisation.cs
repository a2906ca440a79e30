using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.Detector.Evaluation;

/// <summary>The 16-bit form of a normalised score that <see cref="ScoreBatch"/> carries.</summary>
public static class ScoreQuantisation
{
    /// <summary>
    /// round(s × <see cref="ScoreBatch.Scale"/>) for s clamped to 0..1; NaN (the model did not score the record) is 0,
    /// the most normal value, as a detection reports it. Monotone, so rankings survive up to ties 1/65535 wide.
    /// </summary>
    public static ushort Quantise(double score) =>
        double.IsNaN(score) ? (ushort)0 : (ushort)Math.Round(Math.Clamp(score, 0.0, 1.0) * ScoreBatch.Scale, MidpointRounding.AwayFromZero);

    /// <summary>The normalised score a quantised value stands for.</summary>
    public static double Dequantise(ushort quantised) => (double)quantised / ScoreBatch.Scale;
}
