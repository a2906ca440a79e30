using System.Text;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// One incident's chart: a panel per drawn metric of its services (the range of every instance's readings as a band,
/// their mean as a line), per operation of theirs with slow spans (the range and mean of its spans' durations), per
/// service with flagged log lines (its ERROR lines per minute) and per flagged event (its count per minute), the
/// injected fault's window shaded, the detected incident's window outlined, metric anomalies, slow spans, flagged ERROR
/// lines and events as dots on their panel and the service's other anomalies (other logs, events, spans) as ticks along
/// the bottom.
/// </summary>
internal static class IncidentChart
{
    public const int MaxPanels = 4;

    // The shortest duration a log axis shows, as the detector floors a span's duration (1 µs).
    private const double MinDurationMs = 1e-3;

    // Characters of a service's, a metric's or an operation's name that fit left of a panel.
    private const int MaxLabel = 28;

    private const double Width = 1100, Left = 190, Right = 16, PanelHeight = 72, Gap = 10, Top = 6, AxisSpace = 22;

    // Drawn when a service had no metric anomaly in the incident: the metrics its faults show in first.
    private static readonly string[] PreferredMetrics = ["latency_p95_ms", "error_rate", "cpu_percent", "latency_p50_ms", "request_rate", "memory_mb"];

    /// <returns>Whether a panel draws the named instance's own line (<see cref="IncidentPlan.Instance"/>), for the legend.</returns>
    public static bool Write(
        StringBuilder html, IncidentPlan plan, int planIndex, ReportTelemetry telemetry, IReadOnlyList<ReportAnomaly> anomalies, GroundTruthIncident? truth)
    {
        var panels = Panels(plan, planIndex, telemetry, anomalies);
        if (panels.Count == 0)
        {
            html.Append("<p class=\"note\">No metric readings of ").Append(Html.Text(string.Join(", ", plan.Services)))
                .Append(" in this window: the telemetry was not available to the report.</p>");
            return false;
        }

        var height = Top + panels.Count * (PanelHeight + Gap) + AxisSpace;
        var svg = new Svg(html);
        svg.Open(Width, height, "chart incident-chart", $"Metrics of {string.Join(", ", plan.Services)} around incident {plan.Incident.IncidentId}");
        var x = Scale.OfTime(plan.From, plan.To, Left, Width - Right);
        var bottom = Top + panels.Count * (PanelHeight + Gap) - Gap;
        if (truth is not null)
        {
            svg.Rect(x.Map(Clamp(truth.Start, plan)), Top, x.Map(Clamp(truth.End, plan)) - x.Map(Clamp(truth.Start, plan)), bottom - Top, "fault",
                $"injected {truth.FaultType} at {truth.RootCauseService}: {Html.Clock(truth.Start)}–{Html.Clock(truth.End)}");
        }

        svg.Rect(x.Map(plan.Incident.Start), Top, x.Map(plan.Incident.End) - x.Map(plan.Incident.Start), bottom - Top, "window",
            $"detected {plan.Incident.IncidentId}: {Html.Clock(plan.Incident.Start)}–{Html.Clock(plan.Incident.End)}");
        TimeAxis.Draw(svg, x, plan.From, plan.To, Top, bottom);
        var top = Top;
        foreach (var panel in panels)
        {
            Panel(svg, x, top, panel, anomalies, telemetry);
            top += PanelHeight + Gap;
        }

        svg.Close();
        return panels.Exists(panel => panel.InstanceLine is not null);
    }

    /// <summary>
    /// One panel: a metric of a service (<see cref="TelemetryKind.Metric"/>), the durations of one operation's spans
    /// (<see cref="TelemetryKind.Span"/>), its ERROR lines per minute (<see cref="TelemetryKind.Log"/>) or one event's
    /// count per minute (<see cref="TelemetryKind.Event"/>).
    /// </summary>
    private sealed record PanelSeries(string Service, string Name, TelemetryKind Kind, MetricSeries Series)
    {
        /// <summary>The readings of the instance the top candidate's fault is at, drawn as a line of their own; null on other panels.</summary>
        public MetricSeries? InstanceLine { get; init; }

        public bool Marks(ReportAnomaly anomaly, ReportTelemetry telemetry) =>
            string.Equals(anomaly.Service, Service, StringComparison.Ordinal) && Kind switch
            {
                TelemetryKind.Metric => anomaly.Kind == TelemetryKind.Metric && string.Equals(anomaly.Name, Name, StringComparison.Ordinal),
                TelemetryKind.Span => ReportTelemetry.IsSlowSpan(anomaly) && string.Equals(anomaly.Name, Name, StringComparison.Ordinal),
                TelemetryKind.Log => anomaly.Kind == TelemetryKind.Log && telemetry.IsCountedErrorLine(anomaly.RecordId),
                _ => anomaly.Kind == TelemetryKind.Event && string.Equals(anomaly.Name, Name, StringComparison.Ordinal),
            };

        /// <summary>Whether the panel's readings are counts, its marks drawn at their bucket's count.</summary>
        public bool Counts => Kind is TelemetryKind.Log or TelemetryKind.Event;

        /// <summary>What the panel's axis measures, said under its name; none for a metric, whose name says it.</summary>
        public string? Unit => Kind switch
        {
            TelemetryKind.Span => "span duration, ms",
            TelemetryKind.Log => "per minute",
            TelemetryKind.Event => "events per minute",
            _ => null,
        };
    }

    private static List<PanelSeries> Panels(IncidentPlan plan, int planIndex, ReportTelemetry telemetry, IReadOnlyList<ReportAnomaly> anomalies)
    {
        var chosen = new List<PanelSeries>();
        var perService = plan.Services.Count == 0 ? MaxPanels : Math.Max(1, MaxPanels / plan.Services.Count);
        foreach (var service in plan.Services)
        {
            var metrics = telemetry.SeriesOf(planIndex, service).ToDictionary(pair => pair.Metric, pair => pair.Series, StringComparer.Ordinal);
            var drawn = telemetry.SpanSeriesOf(planIndex, service).Select(pair => new PanelSeries(service, pair.Operation, TelemetryKind.Span, pair.Series))
                .Concat(telemetry.CountSeriesOf(planIndex, service).Select(count => new PanelSeries(service, count.Name, count.Kind, count.PerMinute)))
                .Concat(metrics.Select(pair => new PanelSeries(service, pair.Key, TelemetryKind.Metric, pair.Value)))
                .ToList();
            // What the service flagged, most flagged first: its anomalous metrics at their readings, its slow spans at
            // their durations (a latency fault seen in the spans themselves, not only in a percentile that averages
            // them), its ERROR lines and events on their counts (an exception seen as a burst of lines against none).
            var flagged = drawn
                .Select(panel => (Panel: panel, Flagged: anomalies.Count(a => panel.Marks(a, telemetry))))
                .Where(pair => pair.Flagged > 0)
                .OrderByDescending(pair => pair.Flagged).ThenBy(pair => pair.Panel.Kind != TelemetryKind.Metric).ThenBy(pair => pair.Panel.Name, StringComparer.Ordinal)
                .Select(pair => pair.Panel);
            var unflagged = PreferredMetrics
                // A user's estate names its metrics its own way: then whatever the service reports, by name.
                .Concat(metrics.Keys.Order(StringComparer.Ordinal))
                .Where(metrics.ContainsKey)
                .Select(name => new PanelSeries(service, name, TelemetryKind.Metric, metrics[name]));
            chosen.AddRange(flagged.Concat(unflagged).DistinctBy(p => (p.Name, p.Kind)).Take(perService));
        }

        return chosen.Take(MaxPanels)
            // Only the top candidate's metrics have its named instance's readings; every other lookup finds none.
            .Select(panel => panel.Kind == TelemetryKind.Metric ? panel with { InstanceLine = telemetry.InstanceSeriesOf(planIndex, panel.Service, panel.Name) } : panel)
            .ToList();
    }

    private static void Panel(Svg svg, Scale x, double top, PanelSeries panel, IReadOnlyList<ReportAnomaly> anomalies, ReportTelemetry telemetry)
    {
        var (service, series) = (panel.Service, panel.Series);
        var marks = Marks(panel, anomalies, telemetry);
        // Span durations are heavy-tailed (near log-normal, as the detector reads them): on a log axis a span slow
        // against its usual few milliseconds shows above the others, not flattened beneath one of seconds.
        var logAxis = panel.Kind == TelemetryKind.Span;
        var extent = Extent(series, marks.Select(m => m.Value));
        var (low, high) = logAxis ? LogRange(extent) : Range(extent);
        var scale = logAxis
            ? new Scale(Math.Log10(low), Math.Log10(high), top + PanelHeight - 4, top + 4)
            : new Scale(low, high, top + PanelHeight - 4, top + 4);
        double Y(double value) => logAxis ? scale.Map(Math.Log10(Math.Max(value, MinDurationMs))) : scale.Map(value);
        svg.Rect(Left, top, Width - Right - Left, PanelHeight, "panel");
        var serviceLabel = Shortened(service);
        svg.Text(Left - 10, top + 20, serviceLabel, "service", "end", serviceLabel.Length < service.Length ? service : null);
        var label = Shortened(panel.Name);
        svg.Text(Left - 10, top + 36, label, "metric", "end", label.Length < panel.Name.Length ? panel.Name : null);
        if (panel.Unit is { } unit)
        {
            svg.Text(Left - 10, top + 50, unit, "metric", "end");
        }

        svg.Text(Left - 10, top + PanelHeight - 4, $"{Html.Number(low, "0.##")} – {Html.Number(high, "0.##")}{(logAxis ? ", log" : "")}", "tick", "end");
        foreach (var stretch in Stretches(series))
        {
            var upper = new List<(double, double)>(stretch.Count);
            var lower = new List<(double, double)>(stretch.Count);
            var mean = new List<(double, double)>(stretch.Count);
            foreach (var bucket in stretch)
            {
                var at = x.Map(series.TimeOf(bucket));
                upper.Add((at, Y(series.MaxOf(bucket))));
                lower.Add((at, Y(series.MinOf(bucket))));
                mean.Add((at, Y(series.MeanOf(bucket))));
            }

            lower.Reverse();
            svg.Path([.. upper, .. lower], "band", closed: true);
            svg.Path(mean, "mean");
            if (stretch.Count == 1)
            {
                // A reading with none near it (a per-minute metric around a short incident, a span after a stretch
                // without traces) draws no line: a dot, so that it shows.
                svg.Circle(mean[0].Item1, mean[0].Item2, 2.5, "reading",
                    $"{Html.Clock(series.TimeOf(stretch[0]))}: {Html.Number(series.MeanOf(stretch[0]))}");
            }
        }

        if (panel.InstanceLine is { } instanceLine)
        {
            // One replica's own readings beside the range of all of them: where a fault at one instance shows apart.
            foreach (var stretch in Stretches(instanceLine))
            {
                svg.Path([.. stretch.Select(bucket => (x.Map(instanceLine.TimeOf(bucket)), Y(instanceLine.MeanOf(bucket))))], "instance");
            }
        }

        foreach (var (at, value, title) in marks)
        {
            svg.Circle(x.Map(at), Y(value), 3.5, "anomaly", title);
        }

        // Other logs, spans and events have no place on the panel's axis: one tick per pixel column along the bottom.
        var ticked = new HashSet<int>();
        foreach (var anomaly in anomalies.Where(a => a.Kind != TelemetryKind.Metric && a.Service == service && !panel.Marks(a, telemetry)))
        {
            var at = x.Map(anomaly.Timestamp);
            if (ticked.Add((int)at))
            {
                svg.Rect(at - 1, top + PanelHeight - 9, 2, 8, "event-tick", $"{anomaly.DetectedType}: {anomaly.Name} at {Html.Clock(anomaly.Timestamp)}");
            }
        }
    }

    /// <summary>
    /// The anomalies a panel draws as dots: a metric's or a span's at its value, each; flagged lines or events at their
    /// bucket's count, one dot per bucket (a burst is hundreds of lines in a few buckets).
    /// </summary>
    private static List<(DateTime At, double Value, string Title)> Marks(PanelSeries panel, IReadOnlyList<ReportAnomaly> anomalies, ReportTelemetry telemetry)
    {
        var marked = anomalies.Where(a => panel.Marks(a, telemetry));
        if (!panel.Counts)
        {
            return marked.Select(a => (Anomaly: a, Value: telemetry.ValueOf(a.RecordId))).Where(m => m.Value is not null)
                .Select(m => (m.Anomaly.Timestamp, m.Value!.Value,
                    $"{m.Anomaly.DetectedType} at {Html.Clock(m.Anomaly.Timestamp)}: {Html.Number(m.Value.Value)}{(panel.Kind == TelemetryKind.Span ? " ms" : "")} (confidence {Html.Number(m.Anomaly.Confidence, "0.00")})"))
                .ToList();
        }

        var series = panel.Series;
        return marked.GroupBy(a => series.BucketOf(a.Timestamp)).Where(bucket => series.HasBucket(bucket.Key)).OrderBy(bucket => bucket.Key)
            .Select(bucket => (series.TimeOf(bucket.Key), series.MeanOf(bucket.Key),
                $"{bucket.Count()} flagged ({bucket.First().DetectedType}) at {Html.Clock(bucket.Min(a => a.Timestamp))}–{Html.Clock(bucket.Max(a => a.Timestamp))}: "
                + $"{Html.Number(series.MeanOf(bucket.Key), "0.#")} per minute (confidence up to {Html.Number(bucket.Max(a => a.Confidence), "0.00")})"))
            .ToList();
    }

    /// <summary>A name cut to fit the label column: its start and its end, which tell operations (and metrics with attributes) apart.</summary>
    private static string Shortened(string name) => name.Length <= MaxLabel ? name : string.Concat(name.AsSpan(0, 10), "…", name.AsSpan(name.Length - (MaxLabel - 11)));

    /// <summary>
    /// The series' filled buckets in stretches, split where a gap runs over three of the series' usual steps (the median
    /// step between filled buckets): the line does not draw across minutes without readings, as across an untraced
    /// stretch of a service's spans, while a reading or two gone missing from a regular series stays one line.
    /// </summary>
    private static List<List<int>> Stretches(MetricSeries series)
    {
        var filled = new List<int>();
        for (var bucket = 0; bucket < series.Buckets; bucket++)
        {
            if (series.HasBucket(bucket))
            {
                filled.Add(bucket);
            }
        }

        var stretches = new List<List<int>>();
        if (filled.Count == 0)
        {
            return stretches;
        }

        var steps = new int[filled.Count - 1];
        for (var i = 1; i < filled.Count; i++)
        {
            steps[i - 1] = filled[i] - filled[i - 1];
        }

        Array.Sort(steps);
        var usual = steps.Length == 0 ? 1 : steps[steps.Length / 2];
        var current = new List<int> { filled[0] };
        for (var i = 1; i < filled.Count; i++)
        {
            if (filled[i] - filled[i - 1] > 3 * usual)
            {
                stretches.Add(current);
                current = [];
            }

            current.Add(filled[i]);
        }

        stretches.Add(current);
        return stretches;
    }

    /// <summary>The lowest and highest of the series' readings and of the values marked on it.</summary>
    private static (double Low, double High) Extent(MetricSeries series, IEnumerable<double> marks)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (var bucket = 0; bucket < series.Buckets; bucket++)
        {
            if (series.HasBucket(bucket))
            {
                low = Math.Min(low, series.MinOf(bucket));
                high = Math.Max(high, series.MaxOf(bucket));
            }
        }

        foreach (var mark in marks)
        {
            low = Math.Min(low, mark);
            high = Math.Max(high, mark);
        }

        return (low, high);
    }

    /// <summary>The range of a linear axis: the extent widened by a twentieth either way.</summary>
    private static (double Low, double High) Range((double Low, double High) extent)
    {
        var (low, high) = extent;
        var pad = (high - low) * 0.05;
        // Readings that cannot be negative (every metric here: rates, latencies, percentages) get no negative axis.
        var floor = low >= 0 ? 0 : double.NegativeInfinity;
        return pad > 0 ? (Math.Max(floor, low - pad), high + pad) : (Math.Max(floor, low - 1), high + 1);
    }

    /// <summary>The range of a log axis: the extent (durations of 0 held at <see cref="MinDurationMs"/>), widened by a fifth either way.</summary>
    private static (double Low, double High) LogRange((double Low, double High) extent)
    {
        var (low, high) = (Math.Max(extent.Low, MinDurationMs), Math.Max(extent.High, MinDurationMs));
        return high > low ? (low / 1.2, high * 1.2) : (low / 2, high * 2);
    }

    private static DateTime Clamp(DateTime value, IncidentPlan plan) => value < plan.From ? plan.From : value > plan.To ? plan.To : value;
}
