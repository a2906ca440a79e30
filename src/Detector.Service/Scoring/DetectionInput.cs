using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>Everything the models of one run read: the sealed telemetry columns and the resolved trace links.</summary>
internal sealed record DetectionInput(TelemetryColumns Columns, TraceLinks Links);
