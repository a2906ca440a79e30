using System.Text.Json;
using AnomalyPlatform.RootCause.Output.Report;
using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>
/// The long-running service's end of a run: <c>performance.json</c> (<see cref="RunPerformanceWriter"/>), then
/// <c>report.html</c>, whose last section shows it. The report is drawn from the run folder, where the generator wrote
/// <c>synthetic_data.csv</c>.
/// </summary>
public sealed partial class ServiceRunCompletion(RunPerformanceWriter performance, ILogger<ServiceRunCompletion> logger) : IRunCompletion
{
    public async Task CompleteAsync(FinishedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await performance.CompleteAsync(run, cancellationToken).ConfigureAwait(false);
        try
        {
            var path = await RunReportWriter.WriteAsync(
                run.Directory, run.Extras ?? ReportExtras.None, new SyntheticDataSource(run.Directory), truth: null, cancellationToken).ConfigureAwait(false);
            LogReport(logger, run.Completed.RunId, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
        {
            // The run's results are all written; a report that cannot be must not fail the run (GET /runs/{id}/report says it is missing).
            LogReportFailed(logger, run.Completed.RunId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: report written to {Path}")]
    private static partial void LogReport(ILogger logger, string runId, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: report.html could not be written")]
    private static partial void LogReportFailed(ILogger logger, string runId, Exception exception);
}
