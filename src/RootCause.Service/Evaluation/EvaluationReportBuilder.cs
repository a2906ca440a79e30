using AnomalyPlatform.Contracts.Messages;

using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>Maps the evaluators' results onto the stable <c>evaluation.json</c> shape.</summary>
public static class EvaluationReportBuilder
{
    // The order users read them in: the four models of the design, any further model by name, the combined decision last.
    private static readonly string[] PreferredOrder =
    [
        ModelNames.IsolationForest, ModelNames.OneClassSvm, ModelNames.LstmAutoencoder, ModelNames.Statistical,
    ];

    public static EvaluationReport Build(DetectionEvaluation detection, RootCauseEvaluation rootCause)
    {
        var models = new Dictionary<string, ModelReport>(StringComparer.Ordinal);
        var names = PreferredOrder.Where(detection.Models.ContainsKey)
            .Concat(detection.Models.Keys.Where(name => !PreferredOrder.Contains(name) && name != ModelNames.Ensemble).Order(StringComparer.Ordinal))
            .Concat(detection.Models.ContainsKey(ModelNames.Ensemble) ? [ModelNames.Ensemble] : []);
        foreach (var name in names)
        {
            var model = detection.Models[name];
            models[name] = new ModelReport(
                Round(model.Precision), Round(model.Recall), Round(model.F1),
                model.TruePositives, model.FalsePositives, model.FalseNegatives,
                model.PerType.ToDictionary(
                    pair => pair.Key,
                    pair => new TypeReport(pair.Value.Support, pair.Value.TruePositives, pair.Value.FalsePositives,
                        Round(pair.Value.Precision), Round(pair.Value.Recall), Round(pair.Value.F1), model.IntendedTypes.Contains(pair.Key)),
                    StringComparer.Ordinal),
                Round(model.RocAuc), Round(model.PrAuc))
            {
                IntendedTypes = model.IntendedTypes,
                IntendedRecallTarget = ModelPurposes.RecallTarget,
                IntendedRecallMet = model.MeetsIntendedRecall,
            };
        }

        return new EvaluationReport(
            detection.Records,
            models,
            RootCause(rootCause))
        {
            PerIncident = rootCause.PerIncident.Count > 0 ? rootCause.PerIncident : null,
        };
    }

    /// <summary>The root-cause evaluator's figures as the report files write them (a run's evaluation.json, analyze's).</summary>
    public static RootCauseReport RootCause(RootCauseEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return new RootCauseReport(evaluation.Incidents, evaluation.Detected, Round(evaluation.AcAt1), Round(evaluation.AcAt3))
        {
            IncidentRelations = evaluation.Relations,
            AcAt1Instance = Round(evaluation.AcAt1Instance),
        };
    }

    // Six decimals are more than a ratio of counts up to millions needs, and keep the file readable.
    private static double Round(double value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);

    private static double? Round(double? value) => value is { } v ? Round(v) : null;
}
