using System.Globalization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Output;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Reports;

/// <summary>
/// The incidents to page, as <c>run</c> and <c>analyze</c> end with them: what the on-call engineer looks for first,
/// without opening a file. The ones with the most anomalies when there are many, in time order; every incident is in
/// <c>report.html</c> and <c>anomalies.json</c>.
/// </summary>
internal static class PagedIncidentsTable
{
    public const int MaxRows = 10;

    public static void Print(IAnsiConsole console, IReadOnlyList<IncidentReport> incidents)
    {
        var paged = incidents.Where(static i => i.IsPaged()).ToList();
        if (paged.Count == 0)
        {
            return;
        }

        var shown = paged.OrderByDescending(static i => i.AnomalyRecordIds.Count).ThenBy(static i => i.Start).Take(MaxRows)
            .OrderBy(static i => i.Start).ThenBy(static i => i.IncidentId, StringComparer.Ordinal).ToList();
        var table = new Table()
            .Title(shown.Count < paged.Count ? $"Incidents to page: the {shown.Count} with the most anomalies of {paged.Count}" : $"Incidents to page ({paged.Count})")
            .AddColumn(new TableColumn("incident").NoWrap())
            .AddColumn(new TableColumn("start (UTC)").NoWrap())
            .AddColumn(new TableColumn("for").RightAligned())
            .AddColumn(new TableColumn("anomalies").RightAligned())
            .AddColumn(new TableColumn("services").RightAligned())
            .AddColumn("top candidate")
            .AddColumn("fault kind")
            .AddColumn(new TableColumn("conf.").RightAligned());
        foreach (var incident in shown)
        {
            var top = incident.Candidates.Count > 0 ? incident.Candidates[0] : null;
            table.AddRow(
                Markup.Escape(incident.IncidentId),
                incident.Start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                TimeSpanText.Of(incident.End - incident.Start),
                incident.AnomalyRecordIds.Count.ToString("N0", CultureInfo.InvariantCulture),
                incident.Services.Count.ToString(CultureInfo.InvariantCulture),
                top is null ? "-" : Markup.Escape(top.Service) + (InstanceNames.Of(top) is { } instance ? $"\n[grey]at {Markup.Escape(InstanceNames.Shown(instance, top.Service))}[/]" : string.Empty),
                Markup.Escape(top?.FaultKind ?? "-"),
                top is null ? "-" : top.Confidence.ToString("0.00", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}
