using System.Text;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Output;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// Writes <c>report.html</c> into a run folder: one self-contained page (inline style and SVG charts, nothing fetched)
/// with the run summary and evaluation, a timeline, each drawn incident, the models' curves and the time per stage.
/// Drawn from the folder's files, the run's telemetry (<see cref="IReportTelemetrySource"/>) and the pipeline's
/// <see cref="ReportExtras"/>; whatever is missing is said to be missing.
/// </summary>
public static class RunReportWriter
{
    public const string FileName = "report.html";

    /// <summary>Writes the report and returns its full path.</summary>
    /// <param name="truth">Known incidents when they are not the folder's <c>incidents.json</c> (analyze's <c>--incidents</c>).</param>
    public static async Task<string> WriteAsync(
        string directory, ReportExtras extras, IReportTelemetrySource telemetrySource, IReadOnlyList<GroundTruthIncident>? truth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(telemetrySource);
        var input = await RunFolderReader.ReadAsync(directory, extras, truth, cancellationToken).ConfigureAwait(false);
        var plans = IncidentPlanner.Plan(input);
        var telemetry = new ReportTelemetry(plans, input.Anomalies.Anomalies);
        await telemetrySource.FeedAsync(telemetry, cancellationToken).ConfigureAwait(false);
        var html = Render(input, plans, telemetry);
        var path = Path.GetFullPath(Path.Combine(directory, FileName));
        await AtomicFile.WriteAsync(path, async (stream, token) =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
            await writer.WriteAsync(html.AsMemory(), token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return path;
    }

    internal static string Render(ReportInput input, IReadOnlyList<IncidentPlan> plans, ReportTelemetry telemetry)
    {
        var (from, to) = Extent(input, telemetry);
        var runId = Html.Text(input.Anomalies.RunId);
        var html = new StringBuilder(256 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>Run report: ").Append(runId).Append("</title><style>").Append(ReportStyle.Css).Append("</style></head><body>")
            .Append("<header><h1>Run report <span class=\"sub\">").Append(runId).Append("</span></h1><nav>")
            .Append("<a href=\"#summary\">Summary</a><a href=\"#timeline\">Timeline</a><a href=\"#incidents\">Incidents</a>")
            .Append("<a href=\"#models\">Models</a><a href=\"#performance\">Time and memory</a></nav></header>");
        SummarySection.Write(html, input, from, to, plans.Select(static p => p.Incident.IncidentId).ToHashSet(StringComparer.Ordinal));
        html.Append("<section id=\"timeline\"><h2>Timeline</h2>");
        if (from is { } first && to is { } last)
        {
            TimelineChart.Write(html, input, first, last, plans.Select(p => p.Incident.IncidentId).ToHashSet(StringComparer.Ordinal), telemetry.Pauses);
        }
        else
        {
            html.Append("<p>Nothing to draw: the run has no timestamps.</p>");
        }

        html.Append("</section>");
        IncidentSection.Write(html, input, plans, telemetry);
        ModelSection.Write(html, input);
        PerformanceSection.Write(html, input);
        html.Append("<footer class=\"note\">Written by Anomaly Platform from the files of the run folder.</footer></body></html>\n");
        return html.ToString();
    }

    private static (DateTime? From, DateTime? To) Extent(ReportInput input, ReportTelemetry telemetry)
    {
        var times = input.Anomalies.Incidents.SelectMany(i => new[] { i.Start, i.End })
            .Concat((input.Truth ?? []).SelectMany(i => new[] { i.Start, i.End }))
            .Concat(telemetry.First is { } first ? [first] : [])
            .Concat(telemetry.Last is { } last ? [last] : [])
            .ToList();
        if (times.Count == 0)
        {
            times.AddRange(input.Anomalies.Anomalies.Select(a => a.Timestamp));
        }

        return times.Count == 0 ? (null, null) : (times.Min(), times.Max());
    }
}
