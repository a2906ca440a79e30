using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.RootCause.Tests.Support;
using AnomalyPlatform.ServiceDefaults.Output;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Output.Report;

/// <summary>
/// What an incident's chart draws for a service: slow spans at their duration on a panel of their operation's spans
/// (the telemetry a latency fault shows in first, and all some services send), flagged ERROR lines and events on their
/// count per minute, and a lone reading as a dot.
/// </summary>
public sealed class IncidentChartPanelTests : IDisposable
{
    private const string Operation = "SELECT orders";
    private const string LongOperation = "/api/v1/orderservice/order/refresh/{accountId}/{travelDate}";
    private const string LongService = "ts-order-other-verification-service";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<bool> Sources => new() { true, false };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Slow_spans_are_drawn_at_their_duration_on_a_panel_of_their_operation(bool fromRecordsInMemory)
    {
        var records = OrdersTelemetry(Operation);
        await WriteAnomaliesAsync(Operation);

        var chart = await ChartAsync(records, fromRecordsInMemory);

        Assert.Contains($">{Operation}</text>", chart, StringComparison.Ordinal);
        Assert.Contains("span duration, ms", chart, StringComparison.Ordinal);
        // Durations on a log axis: 8.33 to 480 ms (10 and 400 widened by a fifth), said in the range label.
        Assert.Contains(">8.33 – 480, log</text>", chart, StringComparison.Ordinal);
        var marks = Marks(chart);
        Assert.Equal(3, marks.Count(title => title.Contains(": 400 ms", StringComparison.Ordinal)));
        // Three panels, the spans', the ERROR lines' and cpu's: the flagged line is a dot on its own panel and ticked
        // along the bottom of the two others, the slow spans ticked on the lines' and cpu's.
        Assert.Single(marks, title => title.StartsWith("1 flagged (error_log_burst) at 12:05:03", StringComparison.Ordinal));
        Assert.Equal(4, marks.Count);
        var ticks = Regex.Matches(chart, "<rect class=\"event-tick\"[^>]*><title>([^<]*)</title>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, ticks.Count(t => t == "error_log_burst: order_failed at 12:05:03"));
        Assert.Equal(6, ticks.Count(t => t.StartsWith($"latency_spike: {Operation}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_long_name_is_cut_to_its_start_and_end_with_the_whole_name_on_hover()
    {
        await WriteAnomaliesAsync(LongOperation, LongService);

        var chart = await ChartAsync(OrdersTelemetry(LongOperation, LongService), fromRecordsInMemory: true);

        Assert.Contains($"<title>{Html.Text(LongOperation)}</title>/api/v1/or…tId}}/{{travelDate}}</text>", chart, StringComparison.Ordinal);
        Assert.Contains($"<title>{LongService}</title>ts-order-o…ification-service</text>", chart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_reading_in_the_window_is_drawn_as_a_dot()
    {
        await WriteAnomaliesAsync(Operation);
        // One cpu reading near the incident, the next ones an hour away, and no spans: the panel has one point.
        List<TelemetryRecord> records =
        [
            Metric(1, 290, 40),
            Metric(2, 3600, 41),
            Metric(3, 7200, 39),
        ];

        var chart = await ChartAsync(records, fromRecordsInMemory: true);

        Assert.Contains("cpu_percent</text>", chart, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(chart, "<circle class=\"reading\""));
    }

    [Fact]
    public async Task A_stretch_without_spans_is_a_gap_in_the_line_not_a_line_drawn_across_it()
    {
        await WriteAnomaliesAsync(Operation);
        // Spans every 2 s until 330 s, none for 20 s (an untraced stretch), then again from 350 s; the chart shows 240 to 380 s.
        var records = OrdersTelemetry(Operation).Where(r => r.Kind != TelemetryKind.Span || r.Timestamp - T0 is var t && (t <= TimeSpan.FromSeconds(330) || t >= TimeSpan.FromSeconds(350))).ToList();

        var chart = await ChartAsync(records, fromRecordsInMemory: true);

        // The span panel's line in two pieces; cpu's, read every 10 s throughout, and the ERROR lines' count in one each.
        Assert.Equal(4, Regex.Matches(chart, "<path class=\"mean\"").Count);
        Assert.Empty(Regex.Matches(chart, "<circle class=\"reading\""));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task A_burst_of_error_lines_is_drawn_as_lines_per_minute_against_the_minutes_without(bool fromRecordsInMemory)
    {
        // Ten ERROR lines in the five seconds from 300 s, six flagged; an INFO line every 5 s throughout. The chart
        // covers 240 to 390 s (the incident and a minute either side) in ten buckets of 15 s: 40 lines a minute in the
        // fifth, none in the others.
        var records = OrdersTelemetry(Operation).Where(r => r.Kind != TelemetryKind.Log).ToList();
        for (var second = 0; second <= 1200; second += 5)
        {
            records.Add(new TelemetryRecord(9000 + second, T0.AddSeconds(second), TelemetryKind.Log, "orders", "orders-0", "order_listed", 0, LogLevel.Info));
        }

        for (var line = 0; line < 10; line++)
        {
            records.Add(new TelemetryRecord(200 + line, T0.AddSeconds(300 + line / 2.0), TelemetryKind.Log, "orders", "orders-0", "order_failed", 0, LogLevel.Error));
        }

        await WriteIncidentAsync("orders", 330, [.. Enumerable.Range(0, 6).Select(line => At(200 + line, "orders", 300 + line / 2.0, AnomalyTypes.ErrorLogBurst, kind: TelemetryKind.Log, name: "order_failed"))]);

        var chart = await ChartAsync(records, fromRecordsInMemory);

        Assert.Contains($">{ReportTelemetry.ErrorLines}</text>", chart, StringComparison.Ordinal);
        Assert.Contains(">per minute</text>", chart, StringComparison.Ordinal);
        // 0 to 40 widened by a twentieth, not below zero.
        Assert.Contains(">0 – 42</text>", chart, StringComparison.Ordinal);
        Assert.Equal(["6 flagged (error_log_burst) at 12:05:00–12:05:02: 40 per minute (confidence up to 0.90)"], Marks(chart));
        // The count, the first panel, is one line through the ten buckets, nine of them at zero.
        var counts = MeanLines(chart)[0];
        Assert.Equal(10, counts.Count);
        Assert.Equal(9, counts.Count(y => y == counts[0]));
        Assert.True(counts[4] < counts[0], "the burst's bucket is drawn above the others");
    }

    [Fact]
    public async Task Flagged_events_are_drawn_on_their_count_per_minute()
    {
        var records = OrdersTelemetry(Operation);
        records.Add(new TelemetryRecord(300, T0.AddSeconds(305), TelemetryKind.Event, "orders", "orders-0", "restart", 0));
        records.Add(new TelemetryRecord(301, T0.AddSeconds(306), TelemetryKind.Event, "orders", "orders-0", "restart", 0));
        records.Add(new TelemetryRecord(302, T0.AddSeconds(600), TelemetryKind.Event, "orders", "orders-0", "deploy", 0));
        await WriteIncidentAsync("orders", 330,
            [At(300, "orders", 305, AnomalyTypes.NoisyEvent, kind: TelemetryKind.Event, name: "restart"), At(301, "orders", 306, AnomalyTypes.NoisyEvent, kind: TelemetryKind.Event, name: "restart")]);

        var chart = await ChartAsync(records, fromRecordsInMemory: false);

        Assert.Contains(">restart</text>", chart, StringComparison.Ordinal);
        Assert.Contains(">events per minute</text>", chart, StringComparison.Ordinal);
        Assert.Equal(["2 flagged (noisy_event) at 12:05:05–12:05:06: 8 per minute (confidence up to 0.90)"], Marks(chart));
        Assert.DoesNotContain(">deploy</text>", chart, StringComparison.Ordinal);
    }

    private static List<string> Marks(string chart) =>
        Regex.Matches(chart, "<circle class=\"anomaly\"[^>]*><title>([^<]*)</title>").Select(m => m.Groups[1].Value).ToList();

    /// <summary>The y of every point of each panel's mean line, in the order drawn.</summary>
    private static List<List<double>> MeanLines(string chart) => Lines(chart, "mean");

    /// <summary>The y of every point of each path of <paramref name="cssClass"/>, in the order drawn.</summary>
    private static List<List<double>> Lines(string chart, string cssClass) =>
        Regex.Matches(chart, $"<path class=\"{cssClass}\" d=\"([^\"]*)\"")
            .Select(m => Regex.Matches(m.Groups[1].Value, "[ML][^,]*,([^ML]*)").Select(p => double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture)).ToList())
            .ToList();

    /// <summary>
    /// <paramref name="service"/>: a cpu reading every 10 s for 20 minutes, a span of <paramref name="operation"/> every 2 s (10 ms, and
    /// 400 ms for the three flagged ones, ids 101..103) and an ERROR line (id 7).
    /// </summary>
    private static List<TelemetryRecord> OrdersTelemetry(string operation, string service = "orders")
    {
        var records = new List<TelemetryRecord>();
        for (var second = 0; second <= 1200; second += 10)
        {
            records.Add(Metric(1000 + second, second, 30 + second % 7, service));
        }

        for (var second = 0; second <= 1200; second += 2)
        {
            var slow = SlowSpanSecond(second);
            records.Add(new TelemetryRecord(slow > 0 ? 100 + slow : 5000 + second, T0.AddSeconds(second), TelemetryKind.Span, service, service + "-0", operation, slow > 0 ? 400 : 10));
        }

        records.Add(new TelemetryRecord(7, T0.AddSeconds(303), TelemetryKind.Log, service, service + "-0", "order_failed", 0, LogLevel.Error));
        return records;
    }

    /// <summary>1, 2 or 3 for the seconds of the three slow spans, else 0.</summary>
    private static int SlowSpanSecond(int second) => second switch { 300 => 1, 310 => 2, 320 => 3, _ => 0 };

    private static TelemetryRecord Metric(long id, int second, double value, string service = "orders") =>
        new(id, T0.AddSeconds(second), TelemetryKind.Metric, service, service + "-0", "cpu_percent", value);

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task The_named_instances_readings_are_a_line_of_their_own_on_the_top_candidates_metric_panels(bool fromRecordsInMemory)
    {
        // orders-0's cpu climbs to 95 from 300 s, orders-1's stays at 30: the band spans both, the line follows orders-0.
        var records = new List<TelemetryRecord>();
        for (var second = 0; second <= 1200; second += 10)
        {
            records.Add(new TelemetryRecord(2000 + second, T0.AddSeconds(second), TelemetryKind.Metric, "orders", "orders-0", "cpu_percent", second is >= 300 and <= 330 ? 95 : 30));
            records.Add(new TelemetryRecord(4000 + second, T0.AddSeconds(second), TelemetryKind.Metric, "orders", "orders-1", "cpu_percent", 30));
        }

        Detection[] flagged = [.. new[] { 300, 310, 320, 330 }.Select(second => At(2000 + second, "orders", second, AnomalyTypes.MetricSpike, kind: TelemetryKind.Metric, name: "cpu_percent", instance: "orders-0"))];
        await WriteIncidentAsync("orders", 330, flagged, instance: "orders-0");

        var html = await ReportAsync(records, fromRecordsInMemory);

        var chart = Regex.Match(html, "<svg class=\"chart incident-chart\".*?</svg>", RegexOptions.Singleline).Value;
        // One line, on the cpu panel, reaching higher than the instances' mean (a smaller y is higher on the page).
        var line = Assert.Single(Lines(chart, "instance"));
        Assert.True(line.Min() < MeanLines(chart)[0].Min(), "orders-0's line rises above the mean of both instances");
        Assert.Contains("readings of orders-0 (orders's instance named)", html, StringComparison.Ordinal);

        // A service that read from that instance alone draws no such line (it would repeat the mean), nor one without a named instance.
        var alone = await ReportAsync([.. records.Where(r => r.Instance == "orders-0")], fromRecordsInMemory);
        Assert.DoesNotContain("class=\"instance\"", alone, StringComparison.Ordinal);
        await WriteIncidentAsync("orders", 330, flagged);
        Assert.DoesNotContain("class=\"instance\"", await ReportAsync(records, fromRecordsInMemory), StringComparison.Ordinal);
    }

    private Task WriteAnomaliesAsync(string operation, string service = "orders") =>
        WriteIncidentAsync(service, 320,
        [
            At(101, service, 300, AnomalyTypes.LatencySpike, kind: TelemetryKind.Span, name: operation),
            At(102, service, 310, AnomalyTypes.LatencySpike, kind: TelemetryKind.Span, name: operation),
            At(103, service, 320, AnomalyTypes.LatencySpike, kind: TelemetryKind.Span, name: operation),
            At(7, service, 303, AnomalyTypes.ErrorLogBurst, kind: TelemetryKind.Log, name: "order_failed"),
        ]);

    /// <summary>One incident at <paramref name="service"/> (at <paramref name="instance"/>, if named) from 300 s to <paramref name="endSecond"/>, of <paramref name="detections"/>.</summary>
    private async Task WriteIncidentAsync(string service, int endSecond, Detection[] detections, string? instance = null)
    {
        IncidentReport[] incidents =
        [
            new("DET-0001", T0.AddSeconds(300), T0.AddSeconds(endSecond), [service], [.. detections.Select(d => d.RecordId)],
                [new RootCauseCandidate(1, service, FaultTypes.LatencyInjection, 1.0, ["slow spans"], instance)], $"Root cause: {service}.", "mock", null),
        ];
        await new AnomaliesJsonWriter().WriteAsync(_folder.Path, "run-spans", detections, incidents, CancellationToken.None);
    }

    /// <summary>The incident's chart, the report fed from the records in memory (analyze) or from them written as the run's <c>synthetic_data.csv</c>.</summary>
    private async Task<string> ChartAsync(IReadOnlyList<TelemetryRecord> records, bool fromRecordsInMemory)
    {
        var chart = Regex.Match(await ReportAsync(records, fromRecordsInMemory), "<svg class=\"chart incident-chart\".*?</svg>", RegexOptions.Singleline);
        Assert.True(chart.Success, "the incident has a chart");
        return chart.Value;
    }

    private async Task<string> ReportAsync(IReadOnlyList<TelemetryRecord> records, bool fromRecordsInMemory)
    {
        IReportTelemetrySource source = new RecordListSource(records);
        if (!fromRecordsInMemory)
        {
            await File.WriteAllTextAsync(Path.Combine(_folder.Path, OutputFiles.SyntheticData), Csv(records));
            source = new SyntheticDataSource(_folder.Path);
        }

        var path = await RunReportWriter.WriteAsync(_folder.Path, ReportExtras.None, source, truth: null, CancellationToken.None);
        return await File.ReadAllTextAsync(path);
    }

    private static string Csv(IEnumerable<TelemetryRecord> records)
    {
        var csv = new StringBuilder("record_id,timestamp,kind,service,instance,name,value,level,status,trace_id,span_id,parent_span_id,message\n");
        foreach (var record in records.OrderBy(r => r.Timestamp))
        {
            csv.Append(record.RecordId).Append(',').Append(record.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(',')
                .Append(record.Kind.ToString().ToLowerInvariant()).Append(',').Append(record.Service).Append(',').Append(record.Instance).Append(',')
                .Append(record.Name).Append(',').Append(record.Value.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(record.Level is { } level ? level.ToString().ToUpperInvariant() : string.Empty).Append(",,,,,\n");
        }

        return csv.ToString();
    }
}
