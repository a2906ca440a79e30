using System.Text.Json;

using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Tests.Evaluation;

public sealed class EvaluationReportBuilderTests
{
    private static ModelEvaluation Model(double? rocAuc, double? prAuc) =>
        new(0.5, 0.25, 1.0 / 3, 1, 1, 3, new Dictionary<string, TypeEvaluation>()) { RocAuc = rocAuc, PrAuc = prAuc };

    private static EvaluationReport Report() => EvaluationReportBuilder.Build(
        new DetectionEvaluation(10, new Dictionary<string, ModelEvaluation>
        {
            [ModelNames.Statistical] = Model(0.93750000012, 0.8333333333),
            [ModelNames.Ensemble] = Model(1.0, 1.0),
            ["trace_structure"] = Model(null, null),
        }),
        new RootCauseEvaluation(2, 1, 0.5, 1.0));

    [Fact]
    public void Evaluation_json_carries_roc_auc_and_pr_auc_per_model_rounded_to_six_decimals()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(Report(), ReportJsonContext.Default.EvaluationReport));

        var statistical = json.RootElement.GetProperty("models").GetProperty(ModelNames.Statistical);
        Assert.Equal(0.9375, statistical.GetProperty("roc_auc").GetDouble());
        Assert.Equal(0.833333, statistical.GetProperty("pr_auc").GetDouble());
        Assert.Equal(1.0, json.RootElement.GetProperty("models").GetProperty(ModelNames.Ensemble).GetProperty("roc_auc").GetDouble());
        // The existing fields stay as they were: the shape only grows.
        Assert.Equal(0.5, statistical.GetProperty("precision").GetDouble());
        Assert.Equal(3, statistical.GetProperty("false_negatives").GetInt64());
    }

    [Fact]
    public void Without_injected_incidents_evaluation_json_writes_null_accuracies()
    {
        var report = EvaluationReportBuilder.Build(new DetectionEvaluation(10, new Dictionary<string, ModelEvaluation>()), new RootCauseEvaluation(0, 0, null, null));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, ReportJsonContext.Default.EvaluationReport));

        var rootCause = json.RootElement.GetProperty("root_cause");
        Assert.Equal(JsonValueKind.Null, rootCause.GetProperty("ac_at_1").ValueKind);
        Assert.Equal(JsonValueKind.Null, rootCause.GetProperty("ac_at_3").ValueKind);
        Assert.Equal(0, rootCause.GetProperty("incidents").GetInt32());
    }

    [Fact]
    public void Model_without_scores_has_no_areas_in_evaluation_json()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(Report(), ReportJsonContext.Default.EvaluationReport));

        var structure = json.RootElement.GetProperty("models").GetProperty("trace_structure");
        Assert.False(structure.TryGetProperty("roc_auc", out _));
        Assert.False(structure.TryGetProperty("pr_auc", out _));
        Assert.True(structure.TryGetProperty("f1", out _));
    }
}
