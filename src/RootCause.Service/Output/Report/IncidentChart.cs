using System.Text;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// One incident's chart: a panel per drawn metric of its services (the range of every instance's readings as a band,
/// their mean as a line), the injected fault's window shaded, the detected incident's window outlined, metric
/// anomalies as dots at their value and the service's other anomalies (logs, spans, events) as ticks along the bottom.
/// </summary>
internal static class IncidentChart
{
    public const int MaxPanels = 4;

    private const double Width = 1100, Left = 190, Right = 16, PanelHeight = 72, Gap = 10, Top = 6, AxisSpace = 22;

    // Drawn when a service had no metric anomaly in the incident: the metrics its faults show in first.
    private static readonly string[] PreferredMetrics = ["latency_p95_ms", "error_rate", "cpu_percent", "latency_p50_ms", "request_rate", "memory_mb"];

    public static void Write(
        StringBuilder html, IncidentPlan plan, int planIndex, ReportTelemetry telemetry, IReadOnlyList<ReportAnomaly> anomalies, GroundTruthIncident? truth)
    {
        var panels = Panels(plan, planIndex, telemetry, anomalies);
        if (panels.Count == 0)
        {
            html.Append("<p class=\"note\">No metric readings of ").Append(Html.Text(string.Join(", ", plan.Services)))
                .Append(" in this window: the telemetry was not available to the report.</p>");
            return;
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
        foreach (var (service, metric, series) in panels)
        {
            Panel(svg, x, top, service, metric, series, anomalies, telemetry);
            top += PanelHeight + Gap;
        }

        svg.Close();
    }

    private static List<(string Service, string Metric, MetricSeries Series)> Panels(
        IncidentPlan plan, int planIndex, ReportTelemetry telemetry, IReadOnlyList<ReportAnomaly> anomalies)
    {
        var chosen = new List<(string, string, MetricSeries)>();
        var perService = plan.Services.Count == 0 ? MaxPanels : Math.Max(1, MaxPanels / plan.Services.Count);
        foreach (var service in plan.Services)
        {
            var available = telemetry.SeriesOf(planIndex, service).ToDictionary(pair => pair.Metric, pair => pair.Series, StringComparer.Ordinal);
            var names = anomalies.Where(a => a.Kind == TelemetryKind.Metric && string.Equals(a.Service, service, StringComparison.Ordinal))
                .GroupBy(a => a.Name, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)
                .Concat(PreferredMetrics)
                // A user's estate names its metrics its own way: then whatever the service reports, by name.
                .Concat(available.Keys.Order(StringComparer.Ordinal))
                .Where(available.ContainsKey)
                .Distinct(StringComparer.Ordinal)
                .Take(perService);
            chosen.AddRange(names.Select(name => (service, name, available[name])));
        }

        return chosen.Take(MaxPanels).ToList();
    }

    private static void Panel(
        Svg svg, Scale x, double top, string service, string metric, MetricSeries series, IReadOnlyList<ReportAnomaly> anomalies, ReportTelemetry telemetry)
    {
        var marks = anomalies.Where(a => a.Kind == TelemetryKind.Metric && a.Service == service && a.Name == metric)
            .Select(a => (Anomaly: a, Value: telemetry.ValueOf(a.RecordId))).Where(m => m.Value is not null).ToList();
        var (low, high) = Range(series, marks.Select(m => m.Value!.Value));
        var y = new Scale(low, high, top + PanelHeight - 4, top + 4);
        svg.Rect(Left, top, Width - Right - Left, PanelHeight, "panel");
        svg.Text(Left - 10, top + 20, service, "service", "end");
        svg.Text(Left - 10, top + 36, metric, "metric", "end");
        svg.Text(Left - 10, top + PanelHeight - 4, $"{Html.Number(low, "0.##")} – {Html.Number(high, "0.##")}", "tick", "end");
        var upper = new List<(double, double)>();
        var lower = new List<(double, double)>();
        var mean = new List<(double, double)>();
        for (var bucket = 0; bucket < series.Buckets; bucket++)
        {
            if (!series.HasBucket(bucket))
            {
                continue;
            }

            var at = x.Map(series.TimeOf(bucket));
            upper.Add((at, y.Map(series.MaxOf(bucket))));
            lower.Add((at, y.Map(series.MinOf(bucket))));
            mean.Add((at, y.Map(series.MeanOf(bucket))));
        }

        lower.Reverse();
        svg.Path([.. upper, .. lower], "band", closed: true);
        svg.Path(mean, "mean");
        foreach (var (anomaly, value) in marks)
        {
            svg.Circle(x.Map(anomaly.Timestamp), y.Map(value!.Value), 3.5, "anomaly",
                $"{anomaly.DetectedType} at {Html.Clock(anomaly.Timestamp)}: {Html.Number(value.Value)} (confidence {Html.Number(anomaly.Confidence, "0.00")})");
        }

        // Logs, spans and events have no place on a metric's axis: one tick per pixel column along the bottom.
        var ticked = new HashSet<int>();
        foreach (var anomaly in anomalies.Where(a => a.Kind != TelemetryKind.Metric && a.Service == service))
        {
            var at = x.Map(anomaly.Timestamp);
            if (ticked.Add((int)at))
            {
                svg.Rect(at - 1, top + PanelHeight - 9, 2, 8, "event-tick", $"{anomaly.DetectedType}: {anomaly.Name} at {Html.Clock(anomaly.Timestamp)}");
            }
        }
    }

    private static (double Low, double High) Range(MetricSeries series, IEnumerable<double> marks)
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

        var pad = (high - low) * 0.05;
        // Readings that cannot be negative (every metric here: rates, latencies, percentages) get no negative axis.
        var floor = low >= 0 ? 0 : double.NegativeInfinity;
        return pad > 0 ? (Math.Max(floor, low - pad), high + pad) : (Math.Max(floor, low - 1), high + 1);
    }

    private static DateTime Clamp(DateTime value, IncidentPlan plan) => value < plan.From ? plan.From : value > plan.To ? plan.To : value;
}
