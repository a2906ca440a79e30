using System.Text;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>Time and memory per stage, from <c>performance.json</c>, with the wall time drawn as bars.</summary>
internal static class PerformanceSection
{
    public static void Write(StringBuilder html, ReportInput input)
    {
        html.Append("<section id=\"performance\"><h2>Time and memory per stage</h2>");
        if (input.Performance is not { } performance)
        {
            html.Append("<p>No performance.json in the run folder.</p></section>");
            return;
        }

        var longest = Math.Max(0.001, performance.Stages.Values.Select(s => s.WallSeconds).DefaultIfEmpty(0).Max());
        html.Append("<table class=\"performance\"><thead><tr><th>stage</th><th>wall s</th><th class=\"num\">peak working set MB</th>")
            .Append("<th class=\"num\">peak managed heap MB</th><th class=\"num\">items</th></tr></thead><tbody>");
        foreach (var (stage, figures) in performance.Stages)
        {
            html.Append("<tr><td>").Append(Html.Text(stage)).Append("</td><td><span class=\"meter wide\"><span style=\"width:")
                .Append(Html.Number(figures.WallSeconds / longest * 100, "0.#")).Append("%\"></span></span> ").Append(Html.Number(figures.WallSeconds, "0.00"))
                .Append("</td><td class=\"num\">").Append(Megabytes(figures.PeakWorkingSetMb))
                .Append("</td><td class=\"num\">").Append(Megabytes(figures.PeakManagedHeapMb))
                .Append("</td><td class=\"num\">").Append(figures.Items is { } items ? items.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "–")
                .Append("</td></tr>");
        }

        html.Append("<tr class=\"total\"><td>total</td><td>").Append(Html.Number(performance.WallSeconds, "0.00")).Append("</td><td class=\"num\">")
            .Append(Megabytes(performance.PeakWorkingSetMb)).Append("</td><td class=\"num\">").Append(Megabytes(performance.PeakManagedHeapMb))
            .Append("</td><td class=\"num\">").Append(performance.Records.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td></tr></tbody></table>");
        var environment = performance.Environment;
        html.Append("<p class=\"note\">Measured on ").Append(environment.Processors).Append(" processors, ").Append(Html.Text(environment.Runtime)).Append(", ")
            .Append(Html.Text(environment.Os)).Append(".</p></section>");
    }

    /// <summary>A peak, or n/a where it was not measured: a 0 would read as measured.</summary>
    private static string Megabytes(double? peak) => peak is { } value ? Html.Number(value, "0.0") : "n/a";
}
