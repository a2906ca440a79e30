using System.Globalization;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Output;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Reports;

/// <summary>The tables printed at the end of a run: the evaluation, and time and memory per stage.</summary>
internal static class SummaryTables
{
    public static Table Evaluation(EvaluationReport report)
    {
        var table = new Table().Title($"Evaluation on {Plural.Of(report.Records, "record", format: "N0")}").AddColumn(new TableColumn("model").NoWrap());
        // Short headers and no right padding keep nine columns within an 80-column console at a million records; the
        // caption spells the headers out.
        foreach (var header in (string[])["P", "R", "F1", "ROC AUC", "PR AUC", "TP", "FP", "FN"])
        {
            table.AddColumn(new TableColumn(header).RightAligned().PadRight(0));
        }
        foreach (var (name, model) in report.Models)
        {
            table.AddRow(Markup.Escape(name), Ratio(model.Precision), Ratio(model.Recall), Ratio(model.F1),
                OptionalRatio(model.RocAuc), OptionalRatio(model.PrAuc),
                Plain(model.TruePositives), Plain(model.FalsePositives), Plain(model.FalseNegatives));
        }

        table.Caption(Markup.Escape(
            "P precision, R recall of each model's decision; ROC AUC and PR AUC (average precision) of its score over all records\n" +
            $"root cause: {Plural.Of(report.RootCause.Incidents, "incident")}, {report.RootCause.Detected} detected, " +
            $"AC@1 {Accuracy(report.RootCause.AcAt1)}{AtInstance(report.RootCause)}, AC@3 {Accuracy(report.RootCause.AcAt3)}" + ByFaultType(report.PerIncident) +
            Relations(report.RootCause.IncidentRelations)));
        return table;
    }

    /// <summary>AC@1 / AC@3 per fault type when the run injected several: where one kind is found and another missed, the totals hide it.</summary>
    private static string ByFaultType(IReadOnlyList<IncidentRank>? ranks)
    {
        var byType = FaultTypeAccuracy.Of(ranks ?? []);
        return byType.Count < 2
            ? ""
            : "\nAC@1 / AC@3 by fault type: " + string.Join(", ", byType.Select(static t =>
                $"{t.FaultType} {t.AcAt1.ToString("0.00", CultureInfo.InvariantCulture)} / {t.AcAt3.ToString("0.00", CultureInfo.InvariantCulture)} ({t.Incidents})"));
    }

    /// <summary>How many incidents a person would have been paged for, and what each held.</summary>
    private static string Relations(IncidentRelations? relations) => relations is null
        ? ""
        : $"\nincidents raised: {Plain(relations.Detected)}: {Plain(relations.Overlapping)} {Plural.Word(relations.Overlapping, "overlaps", "overlap")} a true incident " +
          $"({Plural.Of(relations.Split, "true one")} split), {Plain(relations.Isolated)} {Plural.Word(relations.Isolated, "holds", "hold")} only anomalies injected outside " +
          $"any incident, {Plain(relations.FalseAlarms)} {Plural.Word(relations.FalseAlarms, "holds", "hold")} no labelled record";

    /// <summary>
    /// Recall per model (rows) and anomaly type (columns); a type with no labelled record shows a dash, a type with too
    /// few to measure a recall (<see cref="MeasurableRecall"/>) says so, a type the model is meant for a star, and
    /// the caption says which models miss the target on the types measured.
    /// </summary>
    public static Table RecallPerType(EvaluationReport report)
    {
        var types = report.Models.Values.SelectMany(model => model.PerType.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var targetRecall = report.Models.Values.Select(model => model.IntendedRecallTarget).DefaultIfEmpty(0).Max();
        var measurable = MeasurableRecall.MinSupport(targetRecall);
        var support = types.ToDictionary(
            type => type, type => report.Models.Values.Select(model => model.PerType.TryGetValue(type, out var t) ? t.Support : 0).Max());
        var table = new Table().Title("Recall per anomaly type").AddColumn(new TableColumn("model").NoWrap());
        foreach (var type in types)
        {
            // Spaces let a narrow console wrap the header instead of cutting the type name.
            table.AddColumn(new TableColumn(Markup.Escape($"{type.Replace('_', ' ')} ({Count(support[type])})")).RightAligned());
        }

        foreach (var (name, model) in report.Models)
        {
            var cells = new List<string> { Markup.Escape(name) };
            cells.AddRange(types.Select(type => support[type] == 0 || !model.PerType.TryGetValue(type, out var t) || t.Support == 0
                ? "- "
                : t.Support < measurable
                    ? Markup.Escape($"too few to measure (n={Count(t.Support)}) ")
                    : Ratio(t.Recall) + (t.Intended ? "*" : " ")));
            table.AddRow(cells.ToArray());
        }

        var missing = report.Models
            .Where(pair => pair.Value.IntendedTypes.Any(type =>
                pair.Value.PerType.TryGetValue(type, out var t) && t.Support >= measurable && t.Recall < pair.Value.IntendedRecallTarget))
            .Select(pair => pair.Key)
            .ToList();
        var unmeasured = types.Where(type => support[type] > 0 && support[type] < measurable).Select(type => $"{type.Replace('_', ' ')} ({Count(support[type])})").ToList();
        table.Caption(Markup.Escape(
            $"* a type the model is meant for (target recall {Ratio(targetRecall)}): " +
            (missing.Count == 0 ? "every model reaches it" : "missed by " + string.Join(", ", missing)) +
            (unmeasured.Count == 0
                ? ""
                : $"\ntoo few to measure: fewer than {measurable} labelled records, where a recall's standard error at the target exceeds " +
                  $"{Ratio(MeasurableRecall.StandardError)}; not judged: {string.Join(", ", unmeasured)}")));
        return table;
    }

    public static Table Performance(PerformanceReport report)
    {
        var table = new Table().Title("Time and memory per stage").AddColumns("stage", "wall s", "busy s", "peak working set MB", "peak managed heap MB");
        foreach (var (name, stage) in report.Stages)
        {
            table.AddRow(name, Number(stage.WallSeconds, "0.00"), stage.BusySeconds is { } busy ? Number(busy, "0.00") : "-",
                Megabytes(stage.PeakWorkingSetMb), Megabytes(stage.PeakManagedHeapMb));
        }

        table.AddRow("[bold]total[/]", Number(report.WallSeconds, "0.00"), "", Megabytes(report.PeakWorkingSetMb), Megabytes(report.PeakManagedHeapMb));
        table.Caption("busy s: the stage's own work, not waiting for another (stages overlap)");
        return table;
    }

    private static string Ratio(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string OptionalRatio(double? value) => value is { } v ? Ratio(v) : "-";

    // With no injected incident there is nothing to rank: n/a, as evaluation.json's null.
    private static string Accuracy(double? value) => value is { } v ? Ratio(v) : "n/a";

    /// <summary>" (0.852 at the instance)": AC@1 counting only the first candidates that name the true instance too; empty without it.</summary>
    public static string AtInstance(RootCauseReport rootCause) =>
        rootCause.AcAt1Instance is { } atInstance ? $" ({Ratio(atInstance)} at the instance)" : string.Empty;

    // No thousands separators in the nine-column table: one character per count is what keeps it within 80 columns.
    private static string Plain(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Megabytes(double? peak) => peak is { } value ? Number(value, "0.0") : "n/a";
}
