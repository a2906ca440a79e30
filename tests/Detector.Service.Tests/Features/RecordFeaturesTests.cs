using System.Globalization;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Tests.TestData;

namespace AnomalyPlatform.Detector.Tests.Features;

public sealed class RecordFeaturesTests
{
    private static int ColumnOf(KindFeatureBlock block, string name) => block.Matrix.ColumnNames.ToList().IndexOf(name);

    [Fact]
    public void Every_record_lands_in_exactly_one_block_of_its_kind_with_named_columns()
    {
        var scenario = TelemetryScenario.Build(seed: 31);

        var features = RecordFeatures.FromBatches(scenario.Records.Chunk(1000).Select(chunk => (IReadOnlyList<TelemetryRecord>)chunk));

        Assert.Equal(scenario.Records.Count, features.Blocks.Sum(block => block.Matrix.Rows));
        foreach (var block in features.Blocks)
        {
            Assert.All(block.RecordRows, row => Assert.Equal(block.Kind, scenario.Records[row].Kind));
            Assert.All(Enumerable.Range(0, block.Matrix.Rows * block.Matrix.Columns), i => Assert.True(double.IsFinite(block.Matrix[i / block.Matrix.Columns, i % block.Matrix.Columns])));
        }

        Assert.Equal([MetricFeatureBuilder.ValueZ, MetricFeatureBuilder.DeltaZ, MetricFeatureBuilder.EwmaZ, MetricFeatureBuilder.LogRatio], features.Metrics.Matrix.ColumnNames);
        Assert.Equal([SpanFeatureBuilder.DurationZ, SpanFeatureBuilder.ParentMissing], features.Spans.Matrix.ColumnNames);
        Assert.Equal([LogFeatureBuilder.TemplateRarity, LogFeatureBuilder.ErrorSurprise, LogFeatureBuilder.CalleeErrorSurprise], features.Logs.Matrix.ColumnNames);
        Assert.Equal([EventFeatureBuilder.RateSurprise, EventFeatureBuilder.CalleeRateSurprise, EventFeatureBuilder.TypeRarity], features.Events.Matrix.ColumnNames);
    }

    [Fact]
    public void Reading_after_a_one_off_spike_is_not_a_jump_but_the_spike_is()
    {
        var random = new Random(2);
        var records = new List<TelemetryRecord>();
        for (var i = 0; i < 60; i++)
        {
            var value = i == 30 ? 500.0 : 100 + random.NextDouble() * 4;
            records.Add(new TelemetryRecord(i, TelemetryScenario.Start.AddMinutes(i), TelemetryKind.Metric, "checkout", "checkout-0", "latency_p95_ms", value));
        }

        var metrics = RecordFeatures.FromBatches([records]).Metrics;
        var delta = ColumnOf(metrics, MetricFeatureBuilder.DeltaZ);
        var ratio = ColumnOf(metrics, MetricFeatureBuilder.LogRatio);

        Assert.True(metrics.Matrix[30, delta] > 3, $"spike delta {metrics.Matrix[30, delta]}");
        Assert.True(Math.Abs(metrics.Matrix[31, delta]) < 2, $"recovery delta {metrics.Matrix[31, delta]}");
        Assert.InRange(metrics.Matrix[30, ratio], Math.Log(4.5), Math.Log(5.5));
        Assert.InRange(metrics.Matrix[31, ratio], -0.1, 0.1);
    }

    [Fact]
    public void Error_burst_window_is_surprising_and_a_routine_error_is_not()
    {
        var scenario = TelemetryScenario.Build(seed: 32);
        var burst = scenario.Labels.Where(pair => pair.Value == AnomalyTypes.ErrorLogBurst).Select(pair => (int)pair.Key).ToHashSet();

        var features = RecordFeatures.FromBatches([scenario.Records]);
        var windows = features.ErrorLogWindows;
        var threshold = windows.FalseDiscoveryThreshold(0.01, new DetectorOptions().CountMinSurprise);

        var burstSurprise = windows.SelectedRows.Select((row, k) => (row, k)).Where(p => burst.Contains(p.row)).Select(p => windows.Own[p.k]).ToList();
        var routineSurprise = windows.SelectedRows.Select((row, k) => (row, k))
            .Where(p => !burst.Contains(p.row) && Math.Abs((scenario.Records[p.row].Timestamp - TelemetryScenario.Start.AddMinutes(41)).TotalMinutes) > 10)
            .Select(p => windows.Own[p.k]).ToList();
        Assert.NotEmpty(routineSurprise);
        Assert.All(burstSurprise, s => Assert.True(s > threshold, $"burst surprise {s:0.0} <= {threshold:0.0}"));
        Assert.All(routineSurprise, s => Assert.True(s < threshold, $"routine surprise {s:0.0} >= {threshold:0.0}"));
    }

    [Fact]
    public void Benjamini_hochberg_threshold_is_at_most_the_bonferroni_level()
    {
        var scenario = TelemetryScenario.Build(seed: 33);

        var windows = RecordFeatures.FromBatches([scenario.Records]).ErrorLogWindows;

        Assert.True(windows.TestedCells > 0);
        Assert.InRange(windows.FalseDiscoveryThreshold(0.01), 0, Math.Log10(windows.TestedCells / 0.01) + 1e-12);
    }

    [Fact]
    public void Bursts_that_outnumber_a_services_routine_errors_in_a_short_run_are_still_surprising()
    {
        // Eighteen minutes of one service logging 16 lines a minute: two routine ERRORs, and five small bursts (three to
        // six ERRORs within ten seconds) that make up most of its ERRORs, as a 10,000-record run can hold.
        var records = new List<TelemetryRecord>();
        var start = TelemetryScenario.Start;
        for (var second = 0; second < 18 * 60; second += 4)
        {
            records.Add(Log("catalog", start.AddSeconds(second), LogLevel.Info));
        }

        records.Add(Log("catalog", start.AddSeconds(130), LogLevel.Error));
        records.Add(Log("catalog", start.AddSeconds(815), LogLevel.Error));
        var bursts = new List<DateTime>();
        foreach (var (minute, size) in (ReadOnlySpan<(int, int)>)[(4, 5), (6, 3), (9, 6), (11, 4), (15, 3)])
        {
            for (var i = 0; i < size; i++)
            {
                bursts.Add(start.AddMinutes(minute).AddSeconds(21 + 2.5 * i));
                records.Add(Log("catalog", bursts[^1], LogLevel.Error));
            }
        }

        var windows = RecordFeatures.FromBatches([Renumbered(records)]).ErrorLogWindows;
        var threshold = windows.FalseDiscoveryThreshold(0.01, new DetectorOptions().CountMinSurprise);

        var burstSurprise = Surprises(windows, records, bursts.ToHashSet(), inSet: true);
        var routineSurprise = Surprises(windows, records, bursts.ToHashSet(), inSet: false);
        Assert.Equal(21, burstSurprise.Count);
        Assert.All(burstSurprise, s => Assert.True(s > threshold, $"burst surprise {s:0.0} <= {threshold:0.0}"));
        Assert.All(routineSurprise, s => Assert.True(s < threshold, $"routine surprise {s:0.0} >= {threshold:0.0}"));
    }

    [Fact]
    public void A_service_whose_every_log_line_is_an_error_is_judged_by_its_rate_in_time_not_expected_to_log_none()
    {
        // An hour of a service that writes only ERROR lines (the exceptions on its spans, where its log is not given):
        // one every half minute, and one burst of eight within twenty seconds. Beside it a service that logs
        // INFO lines, so that the ERROR lines have an exposure.
        var records = new List<TelemetryRecord>();
        var start = TelemetryScenario.Start;
        for (var minute = 0; minute < 60; minute++)
        {
            records.Add(Log("catalog", start.AddMinutes(minute).AddSeconds(5), LogLevel.Error));
            records.Add(Log("catalog", start.AddMinutes(minute).AddSeconds(35), LogLevel.Error));
            records.Add(Log("cart", start.AddMinutes(minute).AddSeconds(30), LogLevel.Info));
        }

        var burst = new HashSet<DateTime>();
        for (var i = 0; i < 8; i++)
        {
            burst.Add(start.AddMinutes(40).AddSeconds(12 + 2.5 * i));
            records.Add(Log("catalog", start.AddMinutes(40).AddSeconds(12 + 2.5 * i), LogLevel.Error));
        }

        var windows = RecordFeatures.FromBatches([Renumbered(records)]).ErrorLogWindows;
        var threshold = windows.FalseDiscoveryThreshold(0.01, new DetectorOptions().CountMinSurprise);

        var burstSurprise = Surprises(windows, records, burst, inSet: true);
        // The routine lines sharing a window with the burst are elevated with it; those a minute or more away are not.
        var nearBurst = records.Where(r => Math.Abs((r.Timestamp - start.AddMinutes(40.5)).TotalMinutes) < 1.5).Select(static r => r.Timestamp);
        var routineSurprise = Surprises(windows, records, [.. burst, .. nearBurst], inSet: false);
        Assert.Equal(8, burstSurprise.Count);
        Assert.All(burstSurprise, s => Assert.True(s > threshold, $"burst surprise {s:0.0} <= {threshold:0.0}"));
        Assert.Equal(114, routineSurprise.Count);
        Assert.All(routineSurprise, s => Assert.True(s < threshold, $"routine surprise {s:0.0} >= {threshold:0.0}"));
    }

    [Fact]
    public void An_event_flood_filling_a_third_of_a_short_run_is_not_its_own_baseline()
    {
        // Eighteen minutes in which one service's only events are a six-minute flood of four a minute (an incident's
        // restarts and health-check flaps), and one routine deploy at another service.
        var records = new List<TelemetryRecord>();
        var start = TelemetryScenario.Start;
        var flood = new HashSet<DateTime>();
        for (var second = 8 * 60; second < 14 * 60; second += 15)
        {
            flood.Add(start.AddSeconds(second));
            records.Add(new TelemetryRecord(0, start.AddSeconds(second), TelemetryKind.Event, "inventory", "inventory-1", "health_check_flap", 0));
        }

        records.Add(new TelemetryRecord(0, start.AddMinutes(3), TelemetryKind.Event, "cart", "cart-1", "deploy", 0));
        records.Add(new TelemetryRecord(0, start.AddMinutes(18), TelemetryKind.Metric, "cart", "cart-1", "cpu_percent", 20));

        var windows = RecordFeatures.FromBatches([Renumbered(records)]).EventWindows;
        var threshold = windows.FalseDiscoveryThreshold(0.01, new DetectorOptions().CountMinSurprise);

        var floodSurprise = Surprises(windows, records, flood, inSet: true);
        Assert.Equal(24, floodSurprise.Count);
        Assert.All(floodSurprise, s => Assert.True(s > threshold, $"flood surprise {s:0.0} <= {threshold:0.0}"));
    }

    [Fact]
    public void A_burst_in_a_year_of_sparse_logs_is_judged_in_its_own_narrow_window()
    {
        // A year of one line an hour and one routine ERROR a day, and five ERRORs within ten seconds on day 200: the
        // windows keep their widths however long the input runs (they used to widen to a fifty-thousandth of it).
        var records = new List<TelemetryRecord>();
        var start = TelemetryScenario.Start;
        for (var hour = 0; hour < 365 * 24; hour++)
        {
            records.Add(Log("catalog", start.AddHours(hour).AddMinutes(7), LogLevel.Info));
        }

        for (var day = 0; day < 365; day++)
        {
            records.Add(Log("catalog", start.AddDays(day).AddHours(13), LogLevel.Error));
        }

        var burst = Enumerable.Range(0, 5).Select(i => start.AddDays(200).AddHours(3).AddSeconds(2.5 * i)).ToHashSet();
        records.AddRange(burst.Select(time => Log("catalog", time, LogLevel.Error)));

        var windows = RecordFeatures.FromBatches([Renumbered(records)]).ErrorLogWindows;
        var threshold = windows.FalseDiscoveryThreshold(0.01, new DetectorOptions().CountMinSurprise);

        var burstRows = windows.SelectedRows.Select((row, k) => (row, k)).Where(p => burst.Contains(records[p.row].Timestamp)).ToList();
        Assert.Equal(5, burstRows.Count);
        Assert.All(burstRows, p =>
        {
            Assert.True(windows.Own[p.k] > threshold, $"burst surprise {windows.Own[p.k]:0.0} <= {threshold:0.0}");
            var (windowStart, width) = windows.WindowAt(windows.OwnCell[p.k]);
            Assert.True(width <= new FeatureOptions().Window, $"judged in a window of {width}");
            Assert.InRange(records[p.row].Timestamp - windowStart, TimeSpan.Zero, width);
        });
        Assert.All(Surprises(windows, records, burst, inSet: false), s => Assert.True(s < threshold, $"routine surprise {s:0.0} >= {threshold:0.0}"));
    }

    [Fact]
    public void A_burst_among_hundreds_of_services_that_log_now_and_then_is_judged_as_if_its_service_were_alone()
    {
        // A day of catalog's lines every ten minutes, a routine ERROR every two hours and five ERRORs within ten seconds;
        // beside it 300 services that each write a line an hour. The windows then outnumber the lines many times over,
        // so each service has cells only where its own lines fall; its judgement must not change for the others.
        var start = TelemetryScenario.Start;
        var catalog = new List<TelemetryRecord>();
        for (var minute = 0; minute < 24 * 60; minute += 10)
        {
            catalog.Add(Log("catalog", start.AddMinutes(minute).AddSeconds(31), LogLevel.Info));
        }

        for (var hour = 1; hour < 24; hour += 2)
        {
            catalog.Add(Log("catalog", start.AddHours(hour).AddSeconds(17), LogLevel.Error));
        }

        catalog.AddRange(Enumerable.Range(0, 5).Select(i => Log("catalog", start.AddHours(13).AddMinutes(4).AddSeconds(2.5 * i), LogLevel.Error)));
        // Its first and last lines span the whole day, as the others' do: the windows fall the same with or without them.
        catalog.Add(Log("catalog", start, LogLevel.Info));
        catalog.Add(Log("catalog", start.AddDays(1).AddSeconds(-1), LogLevel.Info));
        var others = new List<TelemetryRecord>();
        for (var service = 0; service < 300; service++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                others.Add(Log($"svc-{service:D3}", start.AddHours(hour).AddMinutes(service % 60).AddSeconds(service / 60), hour % 6 == 0 ? LogLevel.Error : LogLevel.Info));
            }
        }

        var alone = CatalogSurprises(Renumbered([.. catalog]));
        var amongOthers = CatalogSurprises(Renumbered([.. catalog, .. others]));

        Assert.Equal(17, alone.Count);
        Assert.Equal(alone, amongOthers);
        // The burst's five stand out; the routine ERRORs, each alone in its windows, are no burst.
        Assert.Equal(5, alone.Count(s => s > 10));
        Assert.All(alone.Where(s => s <= 10), s => Assert.True(s < 3, s.ToString("0.0", CultureInfo.InvariantCulture)));
    }

    /// <summary>Catalog's selected records' own surprises, in time order.</summary>
    private static List<double> CatalogSurprises(List<TelemetryRecord> records)
    {
        var windows = RecordFeatures.FromBatches([records]).ErrorLogWindows;
        return [.. windows.SelectedRows.Select((row, k) => (row, k)).Where(p => records[p.row].Service == "catalog")
            .OrderBy(p => records[p.row].Timestamp).Select(p => windows.Own[p.k])];
    }

    private static TelemetryRecord Log(string service, DateTime time, LogLevel level) =>
        new(0, time, TelemetryKind.Log, service, $"{service}-1", level == LogLevel.Error ? "E001" : "I001", 0, Level: level);

    private static List<TelemetryRecord> Renumbered(List<TelemetryRecord> records)
    {
        records.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        for (var i = 0; i < records.Count; i++)
        {
            records[i] = records[i] with { RecordId = i };
        }

        return records;
    }

    /// <summary>The own-window surprise of every selected record whose time is (or is not) in <paramref name="times"/>.</summary>
    private static List<double> Surprises(WindowSurprise windows, List<TelemetryRecord> records, HashSet<DateTime> times, bool inSet) =>
        windows.SelectedRows.Select((row, k) => (row, k))
            .Where(p => times.Contains(records[p.row].Timestamp) == inSet)
            .Select(p => windows.Own[p.k])
            .ToList();
}
