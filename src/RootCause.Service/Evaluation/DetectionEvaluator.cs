using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>Scores the collected detections against the ground-truth labels, per model and per anomaly type.</summary>
public static class DetectionEvaluator
{
    /// <summary>
    /// Evaluates every model named in the run's <see cref="DetectionCompleted.Models"/>. The ensemble is judged by
    /// <c>Detection.IsAnomaly</c>, every other model by its own <c>ModelScore.IsAnomaly</c>. A flag on a record the
    /// labels do not contain counts as a false positive. Precision, recall and F1 are 0 when their denominator is 0.
    /// ROC-AUC and PR-AUC rank every labelled record by the model's score from the collected <see cref="ScoreBatch"/>es
    /// (see <see cref="ScoreHistogram"/>); they are null for a model the detector sent no scores for.
    /// </summary>
    /// <exception cref="InvalidOperationException">The collector has not seen the run's completion yet.</exception>
    public static DetectionEvaluation Evaluate(GroundTruthLabels labels, DetectionCollector collected)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(collected);
        if (!collected.Completion.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The detection collector has not received the whole run yet; await DetectionCollector.Completion first.");
        }

        var (anomalies, support) = CountLabels(labels);
        var models = new SortedDictionary<string, ModelEvaluation>(StringComparer.Ordinal);
        var ranking = new RankingEvaluator(labels, model => collected.ScoreBatches(model));
        foreach (var model in collected.Completion.Result)
        {
            var evaluation = EvaluateModel(labels, collected.FlaggedBy(model), anomalies, support) with { IntendedTypes = ModelPurposes.IntendedFor(model) };
            models[model] = ranking.Evaluate(model) is var (rocAuc, prAuc, curve)
                ? evaluation with { RocAuc = rocAuc, PrAuc = prAuc, PrCurve = curve }
                : evaluation;
        }

        return new DetectionEvaluation(labels.Count, models);
    }

    private static ModelEvaluation EvaluateModel(
        GroundTruthLabels labels, IReadOnlyDictionary<long, CollectedFlag> flagged, long anomalies, Dictionary<string, long> support)
    {
        long truePositives = 0, falsePositives = 0;
        var typeTruePositives = new Dictionary<string, long>(StringComparer.Ordinal);
        var typeFalsePositives = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (recordId, flag) in flagged)
        {
            if (labels.IsAnomaly(recordId))
            {
                truePositives++;
                if (labels.AnomalyTypeOf(recordId) is { } type)
                {
                    typeTruePositives[type] = typeTruePositives.GetValueOrDefault(type) + 1;
                }
            }
            else
            {
                falsePositives++;
                typeFalsePositives[flag.DetectedType] = typeFalsePositives.GetValueOrDefault(flag.DetectedType) + 1;
            }
        }

        var perType = new SortedDictionary<string, TypeEvaluation>(StringComparer.Ordinal);
        // The four types of the design always appear (support 0 when a run has none); newer labelled types join them.
        var types = new SortedSet<string>(AnomalyTypes.All, StringComparer.Ordinal);
        types.UnionWith(support.Keys);
        foreach (var type in types)
        {
            var typeSupport = support.GetValueOrDefault(type);
            var tp = typeTruePositives.GetValueOrDefault(type);
            var fp = typeFalsePositives.GetValueOrDefault(type);
            var precision = Ratio(tp, tp + fp);
            var recall = Ratio(tp, typeSupport);
            perType[type] = new TypeEvaluation(typeSupport, tp, fp, precision, recall, F1(precision, recall));
        }

        var falseNegatives = anomalies - truePositives;
        var overallPrecision = Ratio(truePositives, truePositives + falsePositives);
        var overallRecall = Ratio(truePositives, anomalies);
        return new ModelEvaluation(
            overallPrecision, overallRecall, F1(overallPrecision, overallRecall), truePositives, falsePositives, falseNegatives, perType);
    }

    private static (long Anomalies, Dictionary<string, long> Support) CountLabels(GroundTruthLabels labels)
    {
        long anomalies = 0;
        var support = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var row = 0; row < labels.RowCount; row++)
        {
            if (!labels.IsAnomalyAt(row))
            {
                continue;
            }

            anomalies++;
            if (labels.TypeAt(row) is { } type)
            {
                support[type] = support.GetValueOrDefault(type) + 1;
            }
        }

        return (anomalies, support);
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

    private static double F1(double precision, double recall) => precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
}
