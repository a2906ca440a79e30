using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// A univariate series put through the pipeline's detection stage (<see cref="OfflineDetector"/>: every model and the
/// ensemble) as the readings of one metric of one instance, the way a user's metric reaches <c>analyze</c>. A point's
/// score is the ensemble's normalised score and its decision the ensemble's verdict. The stage is a batch over a whole
/// segment, so it sees the series at once (it is not a streaming detector and its NAB score does not compare with the
/// published ones); what it measures is what the pipeline does to a real metric series.
/// </summary>
public static class PipelineSeriesDetection
{
    /// <summary>The service, instance and metric the series' readings are given.</summary>
    public const string Service = "series", Instance = "series-1", Metric = "value";

    public static SeriesDetection Run(UnivariateSeries series, DetectorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        var records = new TelemetryRecord[series.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = new TelemetryRecord(
                i, DateTime.SpecifyKind(series.Timestamps[i], DateTimeKind.Utc), TelemetryKind.Metric, Service, Instance, Metric, series.Values[i]);
        }

        var result = new OfflineDetector(options).Run([records], cancellationToken);
        var scores = new double[series.Count];
        var decisions = new bool[series.Count];
        if (result.Scores is { } run)
        {
            var ensemble = run.Columns[run.Models.Count - 1];
            for (var row = 0; row < run.Count; row++)
            {
                scores[run.RecordIds?[row] ?? run.FirstRecordId + row] = ScoreQuantisation.Dequantise(ensemble[row]);
            }
        }

        foreach (var detection in result.Detections)
        {
            decisions[detection.RecordId] = detection.IsAnomaly;
        }

        return new SeriesDetection(scores, decisions);
    }
}
