using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// The models a detection run uses, in report order. This is the one place a model is registered: add a line to
/// <see cref="All"/> (for example the LSTM autoencoder's adapter) and the run fits it, the ensemble combines it and
/// the evaluation reports it. <see cref="DetectorOptions.Models"/> selects a subset by name.
/// </summary>
internal static class RecordModelCatalog
{
    /// <summary>Every model's name, in the order <see cref="Create"/> runs them: what <see cref="DetectorOptions.Models"/> may name.</summary>
    public static readonly IReadOnlyList<string> Names =
        [ModelNames.Statistical, ModelNames.TraceStructure, ModelNames.IsolationForest, ModelNames.OneClassSvm, ModelNames.LstmAutoencoder];

    public static IReadOnlyList<IRecordModel> Create(DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var selected = new List<IRecordModel>();
        foreach (var model in All(options))
        {
            if (options.Models.Count == 0 || options.Models.Contains(model.Name, StringComparer.Ordinal))
            {
                selected.Add(model);
            }
        }

        return selected;
    }

    private static IEnumerable<IRecordModel> All(DetectorOptions options)
    {
        yield return new StatisticalRecordModel(options);
        yield return new TraceStructureRecordModel();
        yield return IsolationForest(options);
        yield return OneClassSvm(options);
        yield return new LstmAutoencoderRecordModel(options);
    }

    private static MultivariateRecordModel IsolationForest(DetectorOptions options) => new(
        ModelNames.IsolationForest,
        kind => new IsolationForest(new IsolationForestOptions
        {
            Trees = options.IsolationForestTrees,
            SampleSize = options.IsolationForestSampleSize,
            ScoreThreshold = options.IsolationForestScoreThreshold,
            Contamination = options.Contamination,
            Seed = SeedFor(options, kind),
        }),
        // s = 2^(−E[h]/c) saturates at 1; c/E[h] = −1/log₂ s is the same order, ~1 for normal rows and unbounded for
        // rows isolated at once, which the ensemble's threshold-relative normalisation needs.
        static s => s <= 0 ? 0 : s >= 1 ? double.MaxValue : -1.0 / Math.Log2(s));

    private static MultivariateRecordModel OneClassSvm(DetectorOptions options) => new(
        ModelNames.OneClassSvm,
        kind => new OneClassSvm(new OneClassSvmOptions
        {
            Nu = options.OneClassSvmNu,
            Components = options.OneClassSvmComponents,
            ScoreThreshold = options.OneClassSvmScoreThreshold,
            Contamination = options.Contamination,
            Seed = SeedFor(options, kind),
        }),
        // The density ratio ρ / (w·z) is already 0-based and unbounded.
        static ratio => ratio);

    /// <summary>One seed per record kind, so the kinds' models do not share random streams.</summary>
    private static int SeedFor(DetectorOptions options, TelemetryKind kind) => unchecked(options.Seed * 31 + (int)kind);
}
