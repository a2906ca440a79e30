using System.Text.Json;

using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

using AnomalyPlatform.Cli.Reports;
using AnomalyPlatform.RootCause.Evaluation;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Reports;

public sealed class SummaryTablesTests
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
    public void Printed_table_shows_both_areas_and_a_dash_where_unknown()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;

        console.Write(SummaryTables.Evaluation(Report()));

        Assert.Contains("ROC AUC", console.Output, StringComparison.Ordinal);
        Assert.Contains("PR AUC", console.Output, StringComparison.Ordinal);
        var statisticalLine = console.Lines.Single(line => line.Contains(ModelNames.Statistical, StringComparison.Ordinal));
        Assert.Contains("0.938", statisticalLine, StringComparison.Ordinal);
        Assert.Contains("0.833", statisticalLine, StringComparison.Ordinal);
        var structureCells = console.Lines.Single(line => line.Contains("trace_structure", StringComparison.Ordinal))
            .Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // model, P, R, F1, ROC AUC, PR AUC, TP, FP, FN
        Assert.Equal(["-", "-"], structureCells[4..6]);
    }

    [Fact]
    public void Counts_of_one_are_printed_in_the_singular()
    {
        var report = EvaluationReportBuilder.Build(
            new DetectionEvaluation(1, new Dictionary<string, ModelEvaluation> { [ModelNames.Ensemble] = Model(1.0, 1.0) }),
            new RootCauseEvaluation(1, 1, 1.0, 1.0) { Relations = new IncidentRelations(Detected: 2, Overlapping: 1, Split: 1, Isolated: 1, FalseAlarms: 0) });
        var console = new TestConsole();
        console.Profile.Width = 200;

        console.Write(SummaryTables.Evaluation(report));

        // The caption wraps at the table's width.
        var text = string.Join(' ', console.Output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Evaluation on 1 record", text, StringComparison.Ordinal);
        Assert.Contains("root cause: 1 incident, 1 detected,", text, StringComparison.Ordinal);
        Assert.Contains("incidents raised: 2: 1 overlaps a true incident (1 true one split), 1 holds only anomalies injected outside any incident, 0 hold no labelled record",
            text, StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracy_per_fault_type_is_printed_when_the_run_injected_several_types()
    {
        var report = EvaluationReportBuilder.Build(
            new DetectionEvaluation(1_000, new Dictionary<string, ModelEvaluation> { [ModelNames.Ensemble] = Model(0.9, 0.8) }),
            new RootCauseEvaluation(3, 3, 2.0 / 3, 1.0)
            {
                PerIncident =
                [
                    new IncidentRank("INC-0001", "cart", "DET-0001", 1, FaultTypes.CpuHog),
                    new IncidentRank("INC-0002", "auth", "DET-0002", 2, FaultTypes.CpuHog),
                    new IncidentRank("INC-0003", "cache", "DET-0003", 1, FaultTypes.BadDeploy),
                ],
            });
        var console = new TestConsole();
        console.Profile.Width = 200;

        console.Write(SummaryTables.Evaluation(report));

        var text = string.Join(' ', console.Output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"AC@1 / AC@3 by fault type: {FaultTypes.CpuHog} 0.50 / 1.00 (2), {FaultTypes.BadDeploy} 1.00 / 1.00 (1)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_injected_incidents_the_printed_accuracy_is_not_applicable()
    {
        var report = EvaluationReportBuilder.Build(
            new DetectionEvaluation(1_000, new Dictionary<string, ModelEvaluation> { [ModelNames.Ensemble] = Model(0.8, 0.003) }),
            new RootCauseEvaluation(0, 0, null, null));
        var console = new TestConsole();
        console.Profile.Width = 200;

        console.Write(SummaryTables.Evaluation(report));

        Assert.Contains("AC@1 n/a, AC@3 n/a", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Recall_table_stars_intended_types_and_names_the_model_that_misses_its_target()
    {
        var perType = new Dictionary<string, TypeEvaluation>
        {
            [AnomalyTypes.MetricSpike] = new(20, 18, 0, 1, 0.9, 0.947),
            [AnomalyTypes.ErrorLogBurst] = new(20, 10, 0, 1, 0.5, 0.667),
            [AnomalyTypes.MissingSpan] = new(30, 0, 0, 0, 0, 0),
        };
        var report = EvaluationReportBuilder.Build(
            new DetectionEvaluation(100, new Dictionary<string, ModelEvaluation>
            {
                [ModelNames.IsolationForest] = new(1, 0.4, 0.57, 28, 0, 42, perType) { IntendedTypes = ModelPurposes.IntendedFor(ModelNames.IsolationForest) },
            }),
            new RootCauseEvaluation(0, 0, 0, 0));
        var console = new TestConsole();
        console.Profile.Width = 200;

        console.Write(SummaryTables.RecallPerType(report));

        var model = report.Models[ModelNames.IsolationForest];
        Assert.False(model.IntendedRecallMet);
        Assert.True(model.PerType[AnomalyTypes.ErrorLogBurst].Intended);
        Assert.False(model.PerType[AnomalyTypes.MissingSpan].Intended);
        var row = console.Lines.Single(line => line.Contains(ModelNames.IsolationForest, StringComparison.Ordinal) && line.Contains('│'));
        Assert.Contains("0.900*", row, StringComparison.Ordinal);
        Assert.Contains("0.500*", row, StringComparison.Ordinal);
        Assert.Contains("0.000 ", row, StringComparison.Ordinal);
        Assert.Contains("missed by isolation_forest", console.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, ReportJsonContext.Default.EvaluationReport));
        var forest = json.RootElement.GetProperty("models").GetProperty(ModelNames.IsolationForest);
        Assert.False(forest.GetProperty("intended_recall_met").GetBoolean());
        Assert.Equal(0.8, forest.GetProperty("intended_recall_target").GetDouble());
        Assert.True(forest.GetProperty("per_type").GetProperty(AnomalyTypes.ErrorLogBurst).GetProperty("intended").GetBoolean());
    }

    [Fact]
    public void Type_with_too_few_labelled_records_says_so_and_is_not_called_missed()
    {
        var perType = new Dictionary<string, TypeEvaluation>
        {
            [AnomalyTypes.ErrorLogBurst] = new(53, 52, 0, 1, 0.981, 0.99),
            [AnomalyTypes.LatencySpike] = new(5, 0, 0, 0, 0, 0),
        };
        var report = EvaluationReportBuilder.Build(
            new DetectionEvaluation(10_000, new Dictionary<string, ModelEvaluation>
            {
                [ModelNames.Statistical] = new(1, 0.9, 0.95, 52, 0, 6, perType) { IntendedTypes = ModelPurposes.IntendedFor(ModelNames.Statistical) },
            }),
            new RootCauseEvaluation(0, 0, 0, 0));
        var console = new TestConsole();
        console.Profile.Width = 200;

        console.Write(SummaryTables.RecallPerType(report));

        Assert.Contains(AnomalyTypes.LatencySpike, ModelPurposes.IntendedFor(ModelNames.Statistical));
        var row = console.Lines.Single(line => line.Contains(ModelNames.Statistical, StringComparison.Ordinal) && line.Contains('│'));
        Assert.Contains("too few to measure (n=5)", row, StringComparison.Ordinal);
        Assert.DoesNotContain("0.000", row, StringComparison.Ordinal);
        Assert.Contains("0.981*", row, StringComparison.Ordinal);
        // The caption wraps at the table's width.
        var caption = string.Join(' ', console.Output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("every model reaches it", caption, StringComparison.Ordinal);
        Assert.DoesNotContain("missed by", caption, StringComparison.Ordinal);
        Assert.Contains("not judged: latency spike (5)", caption, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.8, 16)]
    [InlineData(0.5, 25)]
    [InlineData(0.9, 9)]
    public void Recall_is_measured_from_the_support_where_its_standard_error_at_the_target_is_a_tenth(double target, long support)
    {
        Assert.Equal(support, MeasurableRecall.MinSupport(target));
    }
}
