using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// The multivariate features of one record kind: row i of <see cref="Matrix"/> describes the record at position
/// <see cref="RecordRows"/>[i] of the run (in record-id order). Groups are the kind's natural series (metric series,
/// (service, operation) for spans, services for logs and events).
/// </summary>
public sealed record KindFeatureBlock(TelemetryKind Kind, FeatureMatrix Matrix, int[] RecordRows, string[] GroupLabels);
