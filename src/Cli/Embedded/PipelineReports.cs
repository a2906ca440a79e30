using System.Text.Json;
using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.Cli.Reports;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>The end of a command-line run: its evaluation, <c>performance.json</c> and the summary tables.</summary>
internal static class PipelineReports
{
    /// <summary>The run's <c>evaluation.json</c>, which the root-cause service wrote before it reported the run done.</summary>
    public static async Task<EvaluationReport> ReadEvaluationAsync(RootCauseCompleted rootCause, CancellationToken cancellationToken)
    {
        var path = rootCause.EvaluationPath
            ?? throw new PipelineFailedException($"The root-cause stage wrote no evaluation for run {rootCause.RunId}: its labels were missing.");
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync(stream, ReportJsonContext.Default.EvaluationReport, cancellationToken).ConfigureAwait(false)
            ?? throw new PipelineFailedException($"{path} holds no evaluation.");
    }

    /// <summary>
    /// Writes <c>performance.json</c> and prints the evaluation, recall per type and time and memory tables, then the
    /// messages that were dead-lettered without being the run's (which therefore completed), and last <c>report.html</c>
    /// with its path.
    /// </summary>
    public static async Task WriteSummaryAsync(
        IAnsiConsole console, EvaluationReport evaluation, StageRecorder recorder, string outputDirectory, RootCauseCompleted rootCause,
        IReadOnlyCollection<DeadLetter> deadLetters, ReportExtras extras, CancellationToken cancellationToken)
    {
        var performance = PerformanceReportBuilder.Build(evaluation.Records, recorder);
        await ReportFiles.WriteAsync(Path.Combine(outputDirectory, OutputFiles.Performance), performance,
            ReportJsonContext.Default.PerformanceReport, cancellationToken).ConfigureAwait(false);

        console.WriteLine();
        console.Write(SummaryTables.Evaluation(evaluation));
        console.Write(SummaryTables.RecallPerType(evaluation));
        console.Write(SummaryTables.Performance(performance));
        WrittenResults.Print(console, rootCause, outputDirectory);
        if (deadLetters.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{deadLetters.Count} message(s) that were not the run's were dead-lettered[/] (the run's own all arrived):");
            foreach (var letter in deadLetters)
            {
                console.MarkupLineInterpolated($"  {letter.MessageType} {letter.MessageId} after {letter.Attempts} attempts: {letter.Error}");
            }
        }

        await ReportStep.WriteAsync(console, outputDirectory, extras, new SyntheticDataSource(outputDirectory), truth: null, cancellationToken)
            .ConfigureAwait(false);
    }
}
