using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>A feature matrix whose rows are records of the run: row i describes the record at <see cref="RecordRows"/>[i].</summary>
/// <param name="GroupLabels">A readable name per group (series), for reasons: "checkout/checkout-1 latency_p95_ms".</param>
internal sealed record RecordFeatureSet(FeatureMatrix Matrix, int[] RecordRows, string[] GroupLabels);
