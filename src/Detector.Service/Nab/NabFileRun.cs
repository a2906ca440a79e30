using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Nab;

/// <summary>One file of a benchmark run: the detector's output and the file prepared for scoring two ways.</summary>
public sealed record NabFileRun(
    string File,
    UnivariateSeries Series,
    SeriesDetection Detection,
    NabFileSweep ByScore,
    NabFileSweep ByDecision,
    TimeSpan Elapsed)
{
    public string Category => NabCorpus.CategoryOf(File);

    /// <summary>The file's labelled windows (so that another detector can be run and scored on the same file).</summary>
    public IReadOnlyList<NabWindow> Windows { get; init; } = [];

    /// <summary>Prepares a detected file: the score sweep uses <c>score</c>, the decision sweep 1 where <c>is_anomaly</c>.</summary>
    public static NabFileRun Create(string file, UnivariateSeries series, SeriesDetection detection, IReadOnlyList<NabWindow> windows, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(detection);
        var decisions = new double[series.Count];
        for (var i = 0; i < decisions.Length; i++)
        {
            decisions[i] = detection.IsAnomaly[i] ? 1.0 : 0.0;
        }

        return new NabFileRun(
            file,
            series,
            detection,
            NabFileSweep.Create(file, series.Timestamps, detection.Scores, windows),
            NabFileSweep.Create(file, series.Timestamps, decisions, windows),
            elapsed)
        {
            Windows = windows,
        };
    }
}
