using System.Text;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// The run at a glance: injected incidents (when labels exist) above the detected ones, and the anomalies per time
/// bucket below, over the whole run.
/// </summary>
internal static class TimelineChart
{
    private const double Width = 1100, Left = 90, Right = 16, RowHeight = 26, HistogramHeight = 60;
    private const int HistogramBuckets = 200;

    public static void Write(StringBuilder html, ReportInput input, DateTime from, DateTime to, IReadOnlySet<string> drawn)
    {
        var truth = input.Truth ?? [];
        var rows = input.Truth is null ? 1 : 2;
        var height = 10 + rows * RowHeight + 12 + HistogramHeight + 24;
        var svg = new Svg(html);
        svg.Open(Width, height, "chart timeline", "Timeline of the run: injected and detected incidents and anomalies over time");
        var x = Scale.OfTime(from, to, Left, Width - Right);
        TimeAxis.Draw(svg, x, from, to, 6, height - 22);
        var y = 10.0;
        if (input.Truth is not null)
        {
            svg.Text(Left - 8, y + 16, "injected", "label", "end");
            foreach (var incident in truth)
            {
                Bar(svg, x, incident.Start, incident.End, y, "injected",
                    $"{incident.IncidentId}: {incident.FaultType} at {incident.RootCauseService}, {Html.Clock(incident.Start)}–{Html.Clock(incident.End)}");
            }

            y += RowHeight;
        }

        svg.Text(Left - 8, y + 16, "detected", "label", "end");
        foreach (var incident in input.Anomalies.Incidents)
        {
            var top = incident.Candidates.Count > 0 ? $", top candidate {incident.Candidates[0].Service}" : "";
            Bar(svg, x, incident.Start, incident.End, y, drawn.Contains(incident.IncidentId) ? "detected" : "detected minor",
                $"{incident.IncidentId}: {incident.AnomalyCount} anomalies{top}, {Html.Clock(incident.Start)}–{Html.Clock(incident.End)}");
        }

        y += RowHeight + 12;
        Histogram(svg, x, input.Anomalies.Anomalies, from, to, y);
        svg.Close();
    }

    private static void Bar(Svg svg, Scale x, DateTime start, DateTime end, double y, string cssClass, string title)
    {
        var left = x.Map(start);
        // An incident of a few seconds in a day-long run would be invisible; two pixels at least.
        svg.Rect(left, y + 4, Math.Max(2, x.Map(end) - left), RowHeight - 8, cssClass, title);
    }

    private static void Histogram(Svg svg, Scale x, IReadOnlyList<ReportAnomaly> anomalies, DateTime from, DateTime to, double top)
    {
        var counts = new int[HistogramBuckets];
        var span = Math.Max(1, (to - from).Ticks);
        foreach (var anomaly in anomalies)
        {
            var bucket = (int)((anomaly.Timestamp - from).Ticks * (double)HistogramBuckets / span);
            counts[Math.Clamp(bucket, 0, HistogramBuckets - 1)]++;
        }

        var most = Math.Max(1, counts.Max());
        svg.Text(Left - 8, top + 12, "anomalies", "label", "end");
        svg.Text(Left - 8, top + 26, $"max {most}/bar", "tick", "end");
        var width = (Width - Right - Left) / HistogramBuckets;
        for (var bucket = 0; bucket < HistogramBuckets; bucket++)
        {
            if (counts[bucket] > 0)
            {
                var height = HistogramHeight * counts[bucket] / most;
                svg.Rect(Left + bucket * width, top + HistogramHeight - height, Math.Max(1, width - 0.5), height, "histogram");
            }
        }

        svg.Line(Left, top + HistogramHeight, Width - Right, top + HistogramHeight, "axis");
    }
}
