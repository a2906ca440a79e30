using System.Globalization;
using System.Net;
using System.Text;
using AnomalyPlatform.Detector.Nab;

namespace AnomalyPlatform.Cli.Nab;

/// <summary>
/// <c>nab_report.html</c>: one chart per file, the series with its labelled windows and probation shaded, the alarms of
/// <c>detect</c> as dots on the line and, when the pipeline ran too, the pipeline's alarms as ticks in a strip below it;
/// a table of the files' scores at the top links to each chart.
/// Self-contained (inline SVG and CSS, nothing fetched), so it opens from the output folder or an attachment.
/// </summary>
internal static class NabChartPage
{
    public const string FileName = "nab_report.html";

    private const double Width = 1100, Left = 8, Right = 8, LineHeight = 130, StripHeight = 16, Gap = 4;

    public static void Write(string path, NabBenchmarkReport detect, NabBenchmarkReport? pipeline)
    {
        ArgumentNullException.ThrowIfNull(detect);
        var standard = NabProfile.Standard.Name;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>NAB: detect")
            .Append(pipeline is null ? string.Empty : " and the pipeline")
            .Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#1d2733}h1{font-size:20px}h2{font-size:15px;margin:22px 0 4px}")
            .Append("p{margin:4px 0;font-size:13px}.key span{margin-right:18px}svg{display:block}")
            .Append("table{border-collapse:collapse;font-size:13px;margin:10px 0}th,td{padding:2px 10px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append("thead th{border-bottom:1px solid #90a4ae}tbody tr:nth-child(odd){background:#f5f7f8}a{color:#1d4f91}")
            .Append(".window{fill:#2e7d32;fill-opacity:.16}.probation{fill:#90a4ae;fill-opacity:.15}.series{fill:none;stroke:#37474f;stroke-width:1}")
            .Append(".detect{fill:#c62828}.pipeline{stroke:#ef6c00;stroke-width:1}.strip{fill:#fff3e0}")
            .Append("</style></head><body><h1>NAB standard profile: ")
            .Append(Number(detect.AtDecision[standard].NormalisedScore)).Append(" for detect");
        if (pipeline is not null)
        {
            html.Append(", ").Append(Number(pipeline.AtDecision[standard].NormalisedScore)).Append(" for the pipeline's detection stage");
        }

        html.Append(" (own decisions, ").Append(detect.Files.Count.ToString(CultureInfo.InvariantCulture)).Append(" files)</h1>")
            .Append("<p class=\"key\"><span><svg width=\"28\" height=\"10\" style=\"display:inline\"><rect class=\"window\" width=\"28\" height=\"10\"/></svg> labelled window</span>")
            .Append("<span><svg width=\"28\" height=\"10\" style=\"display:inline\"><rect class=\"probation\" width=\"28\" height=\"10\"/></svg> probation (not scored)</span>")
            .Append("<span><svg width=\"10\" height=\"10\" style=\"display:inline\"><circle class=\"detect\" cx=\"5\" cy=\"5\" r=\"4\"/></svg> detect's alarm</span>");
        if (pipeline is not null)
        {
            html.Append("<span><svg width=\"10\" height=\"12\" style=\"display:inline\"><line class=\"pipeline\" x1=\"5\" y1=\"0\" x2=\"5\" y2=\"12\"/></svg> the pipeline's alarm (strip below the series)</span>");
        }

        html.Append("</p>");
        if (pipeline is not null && !pipeline.Files.Select(static f => f.File).SequenceEqual(detect.Files.Select(static f => f.File), StringComparer.Ordinal))
        {
            throw new ArgumentException("The pipeline's report must hold the same files as detect's, in the same order.", nameof(pipeline));
        }

        Contents(html, detect, pipeline);
        for (var i = 0; i < detect.Files.Count; i++)
        {
            Chart(html, i, detect.Files[i], detect.AtDecision[standard].Files[i], pipeline?.Files[i], pipeline?.AtDecision[standard].Files[i]);
        }

        html.Append("</body></html>");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(false));
    }

    /// <summary>A table of the files (raw scores and alarms), each linking to its chart.</summary>
    private static void Contents(StringBuilder html, NabBenchmarkReport detect, NabBenchmarkReport? pipeline)
    {
        var standard = NabProfile.Standard.Name;
        html.Append("<table><thead><tr><th>file</th><th>windows</th><th>detect: found</th><th>alarms</th><th>raw score</th>");
        if (pipeline is not null)
        {
            html.Append("<th>pipeline: found</th><th>alarms</th><th>raw score</th>");
        }

        html.Append("</tr></thead><tbody>");
        for (var i = 0; i < detect.Files.Count; i++)
        {
            var file = detect.Files[i];
            var score = detect.AtDecision[standard].Files[i];
            html.Append("<tr><td><a href=\"#").Append(Anchor(i)).Append("\">").Append(Text(file.File)).Append("</a></td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{score.Windows}</td><td>{score.DetectedWindows}</td><td>{file.Detection.AnomalyCount:N0}</td><td>{score.Score:0.00}</td>");
            if (pipeline is not null)
            {
                var other = pipeline.AtDecision[standard].Files[i];
                html.Append(CultureInfo.InvariantCulture, $"<td>{other.DetectedWindows}</td><td>{pipeline.Files[i].Detection.AnomalyCount:N0}</td><td>{other.Score:0.00}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    private static string Anchor(int index) => string.Create(CultureInfo.InvariantCulture, $"file-{index}");

    private static void Chart(StringBuilder html, int index, NabFileRun file, NabFileScore score, NabFileRun? pipeline, NabFileScore? pipelineScore)
    {
        html.Append("<h2 id=\"").Append(Anchor(index)).Append("\">").Append(Text(file.File)).Append("</h2><p>").Append(file.Series.Count.ToString("N0", CultureInfo.InvariantCulture))
            .Append(" points, ").Append(score.Windows.ToString(CultureInfo.InvariantCulture)).Append(" windows. detect: ")
            .Append(Summary(file, score));
        if (pipeline is not null && pipelineScore is not null)
        {
            html.Append(". Pipeline: ").Append(Summary(pipeline, pipelineScore));
        }

        html.Append(".</p>");
        var values = file.Series.Values;
        var n = values.Length;
        var strip = pipeline is null ? 0 : Gap + StripHeight;
        var height = LineHeight + strip;
        html.Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{Text(file.File)}\">");
        var (low, high) = Range(values);
        double X(int index) => Left + ((Width - Left - Right) * index / Math.Max(1, n - 1));
        double Y(double value) => LineHeight - 4 - ((LineHeight - 8) * (value - low) / (high - low));

        var probation = NabFileSweep.ProbationLengthFor(n);
        Rect(html, "probation", X(0), 0, X(Math.Max(0, probation - 1)) - X(0), LineHeight);
        foreach (var window in file.Windows)
        {
            var from = IndexAtOrAfter(file.Series.Timestamps, window.Start);
            var to = IndexAtOrAfter(file.Series.Timestamps, window.End.AddTicks(1)) - 1;
            if (to >= from)
            {
                Rect(html, "window", X(from), 0, Math.Max(1, X(to) - X(from)), LineHeight);
            }
        }

        Polyline(html, values, X, Y);
        for (var k = 0; k < n; k++)
        {
            if (file.Detection.IsAnomaly[k] && double.IsFinite(values[k]))
            {
                html.Append(CultureInfo.InvariantCulture, $"<circle class=\"detect\" cx=\"{X(k):0.#}\" cy=\"{Y(values[k]):0.#}\" r=\"3.5\"/>");
            }
        }

        if (pipeline is not null)
        {
            var top = LineHeight + Gap;
            Rect(html, "strip", X(0), top, X(n - 1) - X(0), StripHeight);
            var lastColumn = double.NaN;
            for (var k = 0; k < n; k++)
            {
                // One tick per pixel column: thousands of alarms would otherwise be thousands of identical lines.
                var column = Math.Round(X(k));
                if (pipeline.Detection.IsAnomaly[k] && column != lastColumn)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<line class=\"pipeline\" x1=\"{column}\" y1=\"{top}\" x2=\"{column}\" y2=\"{top + StripHeight}\"/>");
                    lastColumn = column;
                }
            }
        }

        html.Append("</svg>");
    }

    private static string Summary(NabFileRun run, NabFileScore score) => string.Create(
        CultureInfo.InvariantCulture,
        $"{run.Detection.AnomalyCount:N0} alarms, {score.DetectedWindows}/{score.Windows} windows found, {score.FalsePositives:N0} false positives, raw score {score.Score:0.00}");

    /// <summary>The series as a line, at most two points (the lowest and the highest, in time order) per pixel column.</summary>
    private static void Polyline(StringBuilder html, double[] values, Func<int, double> x, Func<double, double> y)
    {
        html.Append("<polyline class=\"series\" points=\"");
        var start = 0;
        while (start < values.Length)
        {
            var column = Math.Round(x(start));
            int lowest = -1, highest = -1, end = start;
            for (; end < values.Length && Math.Round(x(end)) == column; end++)
            {
                if (double.IsFinite(values[end]))
                {
                    lowest = lowest < 0 || values[end] < values[lowest] ? end : lowest;
                    highest = highest < 0 || values[end] > values[highest] ? end : highest;
                }
            }

            if (lowest >= 0)
            {
                var (first, second) = lowest <= highest ? (lowest, highest) : (highest, lowest);
                html.Append(CultureInfo.InvariantCulture, $"{column},{y(values[first]):0.#} ");
                if (second != first)
                {
                    html.Append(CultureInfo.InvariantCulture, $"{column},{y(values[second]):0.#} ");
                }
            }

            start = end;
        }

        html.Append("\"/>");
    }

    private static (double Low, double High) Range(double[] values)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                low = Math.Min(low, value);
                high = Math.Max(high, value);
            }
        }

        if (double.IsInfinity(low))
        {
            return (0, 1);
        }

        // A flat series is drawn through the middle.
        return high > low ? (low, high) : (low - 1, high + 1);
    }

    /// <summary>The first point at or after <paramref name="time"/> (a scan, not a search: a file may step back in time).</summary>
    private static int IndexAtOrAfter(DateTime[] timestamps, DateTime time)
    {
        for (var i = 0; i < timestamps.Length; i++)
        {
            if (timestamps[i] >= time)
            {
                return i;
            }
        }

        return timestamps.Length;
    }

    private static void Rect(StringBuilder html, string cssClass, double x, double y, double width, double height) =>
        html.Append(CultureInfo.InvariantCulture, $"<rect class=\"{cssClass}\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{Math.Max(0, width):0.#}\" height=\"{height:0.#}\"/>");

    private static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Text(string text) => WebUtility.HtmlEncode(text);
}
