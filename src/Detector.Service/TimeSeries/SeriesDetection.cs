namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>Per-row scores (0..1, rounded to 6 decimals as written) and decisions for one series.</summary>
public sealed record SeriesDetection(double[] Scores, bool[] IsAnomaly)
{
    public int AnomalyCount => IsAnomaly.Count(static a => a);

    /// <summary>
    /// The same detection with one alarm per episode: only the first of consecutive flagged rows stays flagged, and the
    /// others' scores are 0. A detector that flags every reading of an anomalous stretch (the pipeline) then counts as
    /// alarming once per stretch, as an incident opens once, which is how a streaming detector such as <c>detect</c>
    /// reports it.
    /// </summary>
    public SeriesDetection FirstOfEachEpisode()
    {
        var scores = (double[])Scores.Clone();
        var flags = new bool[IsAnomaly.Length];
        for (var i = 0; i < flags.Length; i++)
        {
            var continues = IsAnomaly[i] && i > 0 && IsAnomaly[i - 1];
            flags[i] = IsAnomaly[i] && !continues;
            if (continues)
            {
                scores[i] = 0;
            }
        }

        return new SeriesDetection(scores, flags);
    }

    /// <summary>Feeds the series to a fresh detector, point by point, in time order.</summary>
    public static SeriesDetection Run(UnivariateSeries series, IStreamingAnomalyDetector detector)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(detector);
        var scores = new double[series.Count];
        var flags = new bool[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var point = detector.Update(series.Timestamps[i], series.Values[i]);
            scores[i] = Math.Round(Math.Clamp(point.Score, 0.0, 1.0), 6);
            flags[i] = point.IsAnomaly;
        }

        return new SeriesDetection(scores, flags);
    }
}
