using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>A run the root-cause stage has analysed and evaluated, with what its end needs.</summary>
/// <param name="Segments">The detectors' completion of every segment (their timings feed <c>performance.json</c>).</param>
/// <param name="RootCause">The root-cause stage as this process measured it: from the start of the analysis to <c>anomalies.json</c> written.</param>
/// <param name="BatchesAnalysed">The detection batches the stage analysed (its <c>items</c> in <c>performance.json</c>, as on the command line).</param>
/// <param name="Extras">What the run's <c>report.html</c> needs beyond its files (the call graph, the precision-recall curves).</param>
public sealed record FinishedRun(
    RootCauseCompleted Completed,
    string Directory,
    IReadOnlyList<DetectionCompleted> Segments,
    StageFigures RootCause,
    int BatchesAnalysed,
    ReportExtras? Extras = null);

/// <summary>
/// What happens when a run is done. The command-line run waits for <see cref="RootCauseCompleted"/> on the bus
/// (<see cref="PublishedRunCompletion"/>); the long-running service serves the run's status and writes its
/// <c>performance.json</c> instead (<see cref="RunPerformanceWriter"/>), since nobody there waits on a queue for it.
/// </summary>
public interface IRunCompletion
{
    Task CompleteAsync(FinishedRun run, CancellationToken cancellationToken);
}
