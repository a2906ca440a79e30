using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>
/// <c>performance.json</c> of a run served by the long-running services, from what each service measured of its own
/// part: the generator's time and peak (<see cref="RunGenerated"/>), each detection segment's (<see cref="DetectionCompleted"/>;
/// detect is their sum, as one detector would have spent), and this service's root-cause and evaluation time. The
/// wall time is the run's, from its announcement to now. Peaks are each process's own; the command-line run instead
/// measures the one process it is.
/// </summary>
public sealed class RunPerformanceWriter(RunEvaluations evaluations, RunRegistry registry, TimeProvider clock) : IRunCompletion
{
    public async Task CompleteAsync(FinishedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (runId, directory, segments) = (run.Completed.RunId, run.Directory, run.Segments);
        var (rootCauseSeconds, sinceAnalysis) = (run.RootCauseSeconds, run.SinceAnalysis);
        var generated = evaluations.GeneratedOf(runId);
        var status = registry.Find(runId);
        var ownPeak = ProcessMemory.PeakWorkingSetMb();
        var managed = ProcessMemory.Mb(GC.GetGCMemoryInfo().HeapSizeBytes);
        var stages = new Dictionary<string, StageReport>(StringComparer.Ordinal)
        {
            [PipelineStages.Generate] = new(generated?.WallSeconds ?? 0, generated?.PeakWorkingSetMb ?? 0, 0, generated?.Records),
            [PipelineStages.Detect] = new(
                Math.Round(segments.Sum(segment => segment.WallSeconds), 3),
                segments.Count == 0 ? 0 : segments.Max(segment => segment.PeakWorkingSetMb),
                0,
                segments.Sum(segment => segment.RecordsScored)),
            [PipelineStages.RootCause] = new(Math.Round(rootCauseSeconds, 3), ownPeak, managed, null),
            [PipelineStages.Evaluate] = new(Math.Round(sinceAnalysis.TotalSeconds - rootCauseSeconds, 3), ownPeak, managed, null),
        };
        var wall = status is null ? sinceAnalysis.TotalSeconds : (clock.GetUtcNow().UtcDateTime - status.StartedAt).TotalSeconds;
        var report = new PerformanceReport(
            generated?.Records ?? status?.Records ?? 0,
            Math.Round(wall, 3),
            stages.Values.Max(stage => stage.PeakWorkingSetMb),
            managed,
            stages,
            EnvironmentReport.OfThisProcess());
        await ReportFiles.WriteAsync(Path.Combine(directory, OutputFiles.Performance), report, ReportJsonContext.Default.PerformanceReport, cancellationToken)
            .ConfigureAwait(false);
    }
}
