using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>
/// <c>performance.json</c> of a run served by the long-running services, from what each service measured of its own
/// stage of this run (a <see cref="StageSampler"/> each, as the command line measures its stages) and reported in its
/// messages: generate from the generator's <see cref="RunGenerated"/>; detect from every segment's
/// <see cref="DetectionCompleted"/> (wall from the first segment's start to the last one's end, busy their sum, the peaks
/// the highest of the replicas that took them); root_cause and evaluate measured here. Each peak is the highest working
/// set (managed heap) of the process that ran the stage while it ran, not that process's lifetime peak; a figure a
/// sender did not measure is left out (shown as n/a), never written as 0. The run's wall time is from its announcement to now.
/// </summary>
public sealed class RunPerformanceWriter(RunEvaluations evaluations, RunRegistry registry, TimeProvider clock) : IRunCompletion
{
    public async Task CompleteAsync(FinishedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var report = Build(run, evaluations.GeneratedOf(run.Completed.RunId), evaluations.EvaluationStageOf(run.Completed.RunId),
            registry.Find(run.Completed.RunId), clock.GetUtcNow().UtcDateTime);
        await ReportFiles.WriteAsync(Path.Combine(run.Directory, OutputFiles.Performance), report, ReportJsonContext.Default.PerformanceReport, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The report of <paramref name="run"/> from what each stage's service measured.</summary>
    public static PerformanceReport Build(FinishedRun run, RunGenerated? generated, StageFigures? evaluation, RunStatus? status, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        var stages = new Dictionary<string, StageReport>(StringComparer.Ordinal);
        if (generated is not null)
        {
            stages[PipelineStages.Generate] = new StageReport(
                generated.WallSeconds, generated.PeakWorkingSetMb, generated.PeakManagedHeapMb, generated.Records, generated.BusySeconds);
        }

        if (run.Segments.Count > 0)
        {
            stages[PipelineStages.Detect] = Detect(run.Segments);
        }

        stages[PipelineStages.RootCause] = new StageReport(
            run.RootCause.WallSeconds, run.RootCause.PeakWorkingSetMb, run.RootCause.PeakManagedHeapMb, run.BatchesAnalysed);
        if (evaluation is { } evaluate)
        {
            stages[PipelineStages.Evaluate] = new StageReport(evaluate.WallSeconds, evaluate.PeakWorkingSetMb, evaluate.PeakManagedHeapMb, null);
        }

        var wall = status is null ? run.RootCause.Wall.TotalSeconds : (now - status.StartedAt).TotalSeconds;
        return new PerformanceReport(
            generated?.Records ?? status?.Records ?? 0,
            Math.Round(wall, 3),
            stages.Values.Max(stage => stage.PeakWorkingSetMb),
            stages.Values.Max(stage => stage.PeakManagedHeapMb),
            stages,
            EnvironmentReport.OfThisProcess());
    }

    /// <summary>
    /// The detect stage over its segments, which competing replicas analyse side by side: its wall time from the first
    /// segment's start to the last one's end (the sum where a segment did not say when it started), its busy time the
    /// segments' own times added up, its peaks the highest any replica reported.
    /// </summary>
    private static StageReport Detect(IReadOnlyList<DetectionCompleted> segments)
    {
        var busy = Math.Round(segments.Sum(segment => segment.WallSeconds), 3);
        var wall = busy;
        if (segments.All(segment => segment.StartedAt is not null))
        {
            var first = segments.Min(segment => segment.StartedAt!.Value);
            var last = segments.Max(segment => segment.StartedAt!.Value.AddSeconds(segment.WallSeconds));
            wall = Math.Round((last - first).TotalSeconds, 3);
        }

        return new StageReport(
            wall,
            segments.Max(segment => segment.PeakWorkingSetMb),
            // A segment whose heap was not measured makes the stage's unknown: the highest of the others may not be the highest.
            segments.All(segment => segment.PeakManagedHeapMb is not null) ? segments.Max(segment => segment.PeakManagedHeapMb) : null,
            segments.Sum(segment => segment.RecordsScored),
            busy);
    }
}
