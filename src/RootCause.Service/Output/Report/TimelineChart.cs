using System.Text;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// The run at a glance: injected incidents (when labels exist) above the detected ones, and the anomalies per time
/// bucket below, over the whole run. Incidents that overlap are stacked in lanes so that each one shows and can be
/// hovered; incidents to page are filled, groups of stray points outlined.
/// </summary>
internal static class TimelineChart
{
    /// <summary>Lanes of each row: a run of hundreds of incidents stays readable; those past the last lane are counted, not drawn.</summary>
    public const int MaxLanes = 10;

    private const double Width = 1100, Left = 90, Right = 16, LaneHeight = 14, BarHeight = 10, RowGap = 8, HistogramHeight = 60;
    private const int HistogramBuckets = 200;

    // An incident of a few seconds in a day-long run would be invisible: three pixels at least; two between bars in a lane.
    private const double MinimumBarWidth = 3, BarGap = 2;

    private sealed record Bar(DateTime Start, DateTime End, string CssClass, string Title, bool Priority);

    /// <param name="pauses">The pauses between the recordings the telemetry holds (<see cref="ReportTelemetry.Pauses"/>), each drawn as a narrow break.</param>
    public static void Write(
        StringBuilder html, ReportInput input, DateTime from, DateTime to, IReadOnlySet<string> drawn, IReadOnlyList<(DateTime From, DateTime To)>? pauses = null)
    {
        var x = new TimelineAxis(from, to, Left, Width - Right, pauses ?? []);
        var injected = input.Truth is null ? null : Layout(x, input.Truth.Select(incident => new Bar(incident.Start, incident.End, "injected",
            $"{incident.IncidentId}: {incident.FaultType} at {incident.RootCauseService}, {Html.Clock(incident.Start)}–{Html.Clock(incident.End)}", true)));
        var detected = Layout(x, input.Anomalies.Incidents.Select(incident => new Bar(incident.Start, incident.End,
            "detected" + (incident.Paged ? "" : " unpaged") + (drawn.Contains(incident.IncidentId) ? "" : " minor"), Title(incident), incident.Paged)));

        var injectedHeight = injected is null ? 0 : Math.Max(1, injected.Lanes) * LaneHeight + RowGap;
        var detectedHeight = Math.Max(1, detected.Lanes) * LaneHeight + RowGap;
        var height = 10 + injectedHeight + detectedHeight + 12 + HistogramHeight + 24;
        var svg = new Svg(html);
        svg.Open(Width, height, "chart timeline", "Timeline of the run: injected and detected incidents and anomalies over time");
        Axis(svg, x, height - 22);
        var y = 10.0;
        if (injected is not null)
        {
            Row(svg, x, injected, y, "injected");
            y += injectedHeight;
        }

        Row(svg, x, detected, y, "detected");
        y += detectedHeight + 12;
        Histogram(svg, x, input.Anomalies.Anomalies, y);
        svg.Close();

        html.Append("<p class=\"note\">").Append(input.Truth is null ? "" : "Orange: injected incidents; ")
            .Append("blue: detected incidents, filled when paged, outlined when not paged (isolated anomalies only, or mostly a change in traffic), pale when not drawn below; ")
            .Append("incidents that overlap are stacked in lanes");
        foreach (var (layout, what) in new[] { (injected, "injected"), (detected, "detected") })
        {
            if (layout is { Hidden: > 0 })
            {
                html.Append("; ").Append(layout.Hidden).Append(" of ").Append(layout.Hidden + layout.Shown).Append(' ').Append(what)
                    .Append(" incidents not drawn, all ").Append(MaxLanes).Append(" lanes being taken at their time")
                    .Append(what == "detected" ? " (incidents to page are placed first)" : "");
            }
        }

        html.Append(". Red: detected anomalies per time slice. Hover a bar for its details.");
        if (x.Pauses.Any())
        {
            html.Append(" Grey: a pause without any record between two recordings, drawn narrow whatever its length (hover it for how long).");
        }

        html.Append("</p>");
    }

    /// <summary>Each recording's ticks (fewer on a shorter one; on a broken axis the first names its day) and a grey break for each pause.</summary>
    private static void Axis(Svg svg, TimelineAxis x, double bottom)
    {
        var recordings = x.Recordings.ToList();
        for (var r = 0; r < recordings.Count; r++)
        {
            TimeAxis.Draw(
                svg, recordings[r].Scale, recordings[r].From, recordings[r].To, 6, bottom, maxTicks: Math.Max(2, (int)Math.Round(8 * Share(recordings[r]))),
                dayOnFirst: recordings.Count > 1, beforeEnd: r < recordings.Count - 1);
        }

        foreach (var pause in x.Pauses)
        {
            var length = pause.To - pause.From;
            var said = length.TotalHours >= 1 ? $"{(int)length.TotalHours} h {length.Minutes} min" : $"{length.Minutes} min";
            svg.Rect(pause.Left, 6, pause.Right - pause.Left, bottom - 6, "pause",
                $"No record for {said} ({Html.Time(pause.From)} to {Html.Time(pause.To)} UTC): a pause between two recordings, drawn narrow");
        }
    }

    /// <summary>The share of the chart's width a recording takes: its share of the ticks and of the histogram's slices.</summary>
    private static double Share(TimelineAxis.Piece recording) => (recording.Right - recording.Left) / (Width - Right - Left);

    private static string Title(IncidentEntry incident)
    {
        var top = incident.Candidates.Count > 0 ? $", top candidate {incident.Candidates[0].Service}" : "";
        return $"{incident.IncidentId}: {Plural.Of(incident.AnomalyCount, "anomaly", "anomalies")}{top}, {Html.Clock(incident.Start)}–{Html.Clock(incident.End)}"
               + (incident.Paged ? "" : $", not paged ({incident.NotPagedBecause})");
    }

    private sealed record RowLayout(IReadOnlyList<(Bar Bar, double Left, double Width, int Lane)> Placed, int Lanes, int Hidden)
    {
        public int Shown => Placed.Count;
    }

    /// <summary>
    /// Lanes for a row's bars in pixels (a bar drawn wider than its time still covers its neighbour): those with
    /// priority first (incidents to page), each group in order of start and the longer first, so that an incident
    /// holding another lies above it.
    /// </summary>
    private static RowLayout Layout(TimelineAxis x, IEnumerable<Bar> bars)
    {
        var lanes = new TimelineLanes(MaxLanes, BarGap);
        var placed = new List<(Bar, double, double, int)>();
        var hidden = 0;
        foreach (var bar in bars.OrderByDescending(bar => bar.Priority).ThenBy(bar => bar.Start).ThenByDescending(bar => bar.End))
        {
            var left = x.Map(bar.Start);
            var width = Math.Max(MinimumBarWidth, x.Map(bar.End) - left);
            if (lanes.Place(left, left + width) is { } lane)
            {
                placed.Add((bar, left, width, lane));
            }
            else
            {
                hidden++;
            }
        }

        return new RowLayout(placed, lanes.Count, hidden);
    }

    private static void Row(Svg svg, TimelineAxis x, RowLayout layout, double top, string label)
    {
        svg.Text(Left - 8, top + 11, label, "label", "end");
        if (layout.Hidden > 0)
        {
            svg.Text(Left - 8, top + 25, $"{layout.Hidden} not drawn", "tick", "end");
        }

        // In time order, so that a reader (or a screen reader) meets them as they happened.
        foreach (var (bar, left, width, lane) in layout.Placed.OrderBy(p => p.Bar.Start).ThenBy(p => p.Lane))
        {
            svg.Rect(left, top + lane * LaneHeight + (LaneHeight - BarHeight) / 2, width, BarHeight, bar.CssClass, bar.Title);
        }
    }

    /// <summary>Anomalies per time slice, each recording cut into slices of the same pixel width; a pause holds none.</summary>
    private static void Histogram(Svg svg, TimelineAxis x, IReadOnlyList<ReportAnomaly> anomalies, double top)
    {
        var recordings = x.Recordings.ToList();
        var counts = new int[recordings.Count][];
        for (var r = 0; r < recordings.Count; r++)
        {
            counts[r] = new int[Math.Max(1, (int)Math.Round(HistogramBuckets * Share(recordings[r])))];
        }

        foreach (var anomaly in anomalies)
        {
            var r = recordings.FindIndex(recording => anomaly.Timestamp <= recording.To);
            r = r < 0 ? recordings.Count - 1 : r;
            if (r > 0 && anomaly.Timestamp < recordings[r].From)
            {
                continue;
            }

            var (from, to, buckets) = (recordings[r].From, recordings[r].To, counts[r].Length);
            var bucket = (int)((anomaly.Timestamp - from).Ticks * (double)buckets / Math.Max(1, (to - from).Ticks));
            counts[r][Math.Clamp(bucket, 0, buckets - 1)]++;
        }

        var most = Math.Max(1, counts.Max(static c => c.Max()));
        svg.Text(Left - 8, top + 12, "anomalies", "label", "end");
        svg.Text(Left - 8, top + 26, $"max {most}/bar", "tick", "end");
        for (var r = 0; r < recordings.Count; r++)
        {
            var width = (recordings[r].Right - recordings[r].Left) / counts[r].Length;
            for (var bucket = 0; bucket < counts[r].Length; bucket++)
            {
                if (counts[r][bucket] > 0)
                {
                    var height = HistogramHeight * counts[r][bucket] / most;
                    svg.Rect(recordings[r].Left + bucket * width, top + HistogramHeight - height, Math.Max(1, width - 0.5), height, "histogram");
                }
            }
        }

        svg.Line(Left, top + HistogramHeight, Width - Right, top + HistogramHeight, "axis");
    }
}
