using System.Collections.Frozen;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;


namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// The anomaly types each model is meant to find, given what it sees, and the recall it must reach on them. The
/// ensemble is meant for every type; a model not listed here has no declared purpose and no target.
/// </summary>
public static class ModelPurposes
{
    /// <summary>The recall each model must reach on every type it is meant for (the detection issue's target).</summary>
    public const double RecallTarget = 0.8;

    private static readonly FrozenDictionary<string, FrozenSet<string>> IntendedTypes = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
    {
        // Per-record feature vectors: values and deltas against the series' baseline, span duration against its
        // operation, error counts around a log line. A missing span is one absent record and a noisy event an excess
        // of ordinary-looking ones: neither makes a record's own vector unusual, so these two are out of their reach.
        [ModelNames.IsolationForest] = Of(AnomalyTypes.ErrorLogBurst, AnomalyTypes.LatencySpike, AnomalyTypes.MetricSpike),
        // As the isolation forest, and its kernel density also sees the orphan-span feature's rare value.
        [ModelNames.OneClassSvm] = Of(AnomalyTypes.ErrorLogBurst, AnomalyTypes.LatencySpike, AnomalyTypes.MetricSpike, AnomalyTypes.MissingSpan),
        // Per-service, per-minute series: metric means and log and event counts; single slow spans vanish in a minute's mean.
        [ModelNames.LstmAutoencoder] = Of(AnomalyTypes.ErrorLogBurst, AnomalyTypes.MetricSpike, AnomalyTypes.NoisyEvent),
        // Robust z per series and Poisson tests on windowed counts; a record that is absent has no series to deviate from.
        [ModelNames.Statistical] = Of(AnomalyTypes.ErrorLogBurst, AnomalyTypes.LatencySpike, AnomalyTypes.MetricSpike, AnomalyTypes.NoisyEvent),
        [ModelNames.TraceStructure] = Of(AnomalyTypes.MissingSpan),
        [ModelNames.Ensemble] = AnomalyTypes.All.ToFrozenSet(StringComparer.Ordinal),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The types <paramref name="model"/> is meant for, in ordinal order; empty when it declares none.</summary>
    public static IReadOnlyList<string> IntendedFor(string model) =>
        IntendedTypes.TryGetValue(model, out var types) ? [.. types.Order(StringComparer.Ordinal)] : [];

    private static FrozenSet<string> Of(params string[] types) => types.ToFrozenSet(StringComparer.Ordinal);
}
