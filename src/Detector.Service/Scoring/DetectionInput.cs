using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// Everything the models of one run read: the sealed telemetry columns, the resolved trace links, and the per-kind
/// features built once for all models. The links and features may still be under construction when a model starts:
/// a model that reads only the columns (the LSTM autoencoder) gets going at once, one that reads the features waits
/// for them on first use.
/// </summary>
internal sealed class DetectionInput
{
    private readonly Task<TraceLinks> _links;
    private readonly Task<RecordFeatures> _features;

    public DetectionInput(TelemetryColumns columns, TraceLinks links, RecordFeatures features)
        : this(columns, Task.FromResult(links), Task.FromResult(features))
    {
    }

    public DetectionInput(TelemetryColumns columns, Task<TraceLinks> links, Task<RecordFeatures> features)
    {
        Columns = columns;
        _links = links;
        _features = features;
    }

    public TelemetryColumns Columns { get; }

    /// <summary>The trace links; waits for them (and rethrows their failure) while they are being built.</summary>
    public TraceLinks Links => _links.GetAwaiter().GetResult();

    /// <summary>The shared features; waits for them (and rethrows their failure) while they are being built.</summary>
    public RecordFeatures Features => _features.GetAwaiter().GetResult();
}
