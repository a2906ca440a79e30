using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// The detection stage without the bus: featurises a run's telemetry batches, fits and scores every model of
/// <see cref="RecordModelCatalog"/> (or those named in <see cref="DetectorOptions.Models"/>) and combines them, exactly
/// as the <see cref="DetectorWorker"/> does with a run of one segment. For benchmarks, notebooks and offline re-scoring.
/// </summary>
public sealed class OfflineDetector(DetectorOptions options)
{
    public DetectionResult Run(IEnumerable<IReadOnlyList<TelemetryRecord>> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var columns = new TelemetryColumns();
        foreach (var batch in batches)
        {
            columns.Append(batch);
        }

        return new DetectionRun(options).Execute(columns, cancellationToken);
    }
}
