using System.Diagnostics;
using System.Text.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Output.Report;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Reports;

/// <summary>The last step of <c>run</c> and <c>analyze</c>: <c>report.html</c>, its path printed as the last line.</summary>
internal static class ReportStep
{
    public static async Task WriteAsync(
        IAnsiConsole console, string directory, ReportExtras extras, IReportTelemetrySource telemetry, IReadOnlyList<GroundTruthIncident>? truth,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var path = await RunReportWriter.WriteAsync(directory, extras, telemetry, truth, cancellationToken).ConfigureAwait(false);
            var kilobytes = new FileInfo(path).Length / 1024.0;
            console.MarkupLineInterpolated($"Report ({kilobytes:N0} kB, written in {watch.Elapsed.TotalSeconds:0.00} s): [bold]{path}[/]");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
        {
            // Every result is written by now; a report that cannot be is worth a warning, not a failed run.
            console.MarkupLineInterpolated($"[yellow]report.html could not be written:[/] {ex.Message}");
        }
    }
}
