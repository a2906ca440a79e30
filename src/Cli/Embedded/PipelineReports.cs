using System.Text.Json;
using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.Cli.Reports;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>The end of every run, embedded or distributed: evaluation against the labels, <c>performance.json</c> and the summary tables.</summary>
internal static class PipelineReports
{
    // Evaluation starts once the root-cause stage is done; the collector only has to drain its queue by then.
    private static readonly TimeSpan CollectorDrainTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Waits for the collector to hold every detection batch, then writes <c>evaluation.json</c>.</summary>
    public static async Task<EvaluationReport> EvaluateAsync(
        DetectionCollector collector, StageRecorder recorder, string outputDirectory, RootCauseCompleted rootCause, CancellationToken cancellationToken)
    {
        recorder.Start(PipelineStages.Evaluate, total: null);
        try
        {
            await collector.Completion.WaitAsync(CollectorDrainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new PipelineFailedException(
                $"The evaluation did not receive every detection batch within {CollectorDrainTimeout.TotalSeconds:0} s of the root-cause stage finishing.");
        }

        var labels = await GroundTruthLabels.LoadAsync(Path.Combine(outputDirectory, OutputFiles.SyntheticLabels), cancellationToken).ConfigureAwait(false);
        var truth = await ReadIncidentsAsync(Path.Combine(outputDirectory, OutputFiles.Incidents), cancellationToken).ConfigureAwait(false);
        var report = EvaluationReportBuilder.Build(
            DetectionEvaluator.Evaluate(labels, collector),
            RootCauseEvaluator.Evaluate(truth, labels.IncidentIdOf, rootCause.Incidents));
        await ReportFiles.WriteAsync(Path.Combine(outputDirectory, OutputFiles.Evaluation), report,
            ReportJsonContext.Default.EvaluationReport, cancellationToken).ConfigureAwait(false);
        recorder.Complete(PipelineStages.Evaluate);
        return report;
    }

    /// <summary>
    /// Writes <c>performance.json</c> and prints the evaluation, recall per type and time and memory tables, then the
    /// messages that were dead-lettered without being the run's (which therefore completed).
    /// </summary>
    public static async Task WriteSummaryAsync(
        IAnsiConsole console, EvaluationReport evaluation, StageRecorder recorder, string outputDirectory, RootCauseCompleted rootCause,
        IReadOnlyCollection<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        var performance = PerformanceReportBuilder.Build(evaluation.Records, recorder);
        await ReportFiles.WriteAsync(Path.Combine(outputDirectory, OutputFiles.Performance), performance,
            ReportJsonContext.Default.PerformanceReport, cancellationToken).ConfigureAwait(false);

        console.WriteLine();
        console.Write(SummaryTables.Evaluation(evaluation));
        console.Write(SummaryTables.RecallPerType(evaluation));
        console.Write(SummaryTables.Performance(performance));
        console.MarkupLineInterpolated($"Wrote {rootCause.AnomalyCount} anomalies in {rootCause.Incidents.Count} incidents to [bold]{Path.GetFullPath(outputDirectory)}[/]");
        if (deadLetters.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{deadLetters.Count} message(s) that were not the run's were dead-lettered[/] (the run's own all arrived):");
            foreach (var letter in deadLetters)
            {
                console.MarkupLineInterpolated($"  {letter.MessageType} {letter.MessageId} after {letter.Attempts} attempts: {letter.Error}");
            }
        }
    }

    private static async Task<IReadOnlyList<GroundTruthIncident>> ReadIncidentsAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync(stream, ContractsJsonContext.Default.ListGroundTruthIncident, cancellationToken).ConfigureAwait(false)
            ?? throw new PipelineFailedException($"{path} holds no incident list.");
    }
}
