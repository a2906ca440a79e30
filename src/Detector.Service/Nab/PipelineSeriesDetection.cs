using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// A univariate series put through the pipeline's detection stage (<see cref="OfflineDetector"/>: every model and the
/// ensemble) as the readings of one metric of one instance, the way a user's metric reaches <c>analyze</c>. A point's
/// score under each model is the model's normalised score and its decision the model's verdict (the ensemble's is
/// what the pipeline reports). The stage is a batch over a whole segment, so it sees the series at once (the statistical
/// model streams an irregular series through <c>detect</c>'s detector in time order, but the z-score, the density models
/// and the LSTM see it whole), so its NAB score does not compare with the published ones; what it measures is what the
/// pipeline does to a real metric series.
/// </summary>
public static class PipelineSeriesDetection
{
    /// <summary>The service, instance and metric the series' readings are given.</summary>
    public const string Service = "series", Instance = "series-1", Metric = "value";

    /// <summary>Every model's and the ensemble's detection of the series' points (the ensemble last).</summary>
    public static PipelineSeriesResult Run(UnivariateSeries series, DetectorOptions options, CancellationToken cancellationToken)
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
        var run = result.Scores ?? throw new InvalidOperationException("The detection stage returned no scores.");
        var detections = new SeriesDetection[run.Models.Count];
        for (var m = 0; m < detections.Length; m++)
        {
            var scores = new double[series.Count];
            var column = run.Columns[m];
            for (var row = 0; row < run.Count; row++)
            {
                scores[run.RecordIds?[row] ?? run.FirstRecordId + row] = ScoreQuantisation.Dequantise(column[row]);
            }

            detections[m] = new SeriesDetection(scores, new bool[series.Count]);
        }

        var ensemble = detections.Length - 1;
        foreach (var detection in result.Detections)
        {
            detections[ensemble].IsAnomaly[detection.RecordId] = detection.IsAnomaly;
            foreach (var score in detection.Scores)
            {
                var m = IndexOf(run.Models, score.Model);
                if (m >= 0 && m != ensemble)
                {
                    detections[m].IsAnomaly[detection.RecordId] = score.IsAnomaly;
                }
            }
        }

        return new PipelineSeriesResult(run.Models, detections);
    }

    private static int IndexOf(IReadOnlyList<string> models, string model)
    {
        for (var m = 0; m < models.Count; m++)
        {
            if (string.Equals(models[m], model, StringComparison.Ordinal))
            {
                return m;
            }
        }

        return -1;
    }
}

/// <summary>A series' detection by each of the pipeline's models, in <see cref="Models"/> order, the ensemble last.</summary>
public sealed record PipelineSeriesResult(IReadOnlyList<string> Models, IReadOnlyList<SeriesDetection> Detections)
{
    /// <summary>The ensemble's detection: what the pipeline reports.</summary>
    public SeriesDetection Ensemble => Detections[^1];
}
