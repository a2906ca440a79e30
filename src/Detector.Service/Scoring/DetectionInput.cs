using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// Everything the models of one run read: the sealed telemetry columns, the resolved trace links, and the per-kind
/// features built once for all models.
/// </summary>
internal sealed record DetectionInput(TelemetryColumns Columns, TraceLinks Links, RecordFeatures Features);
