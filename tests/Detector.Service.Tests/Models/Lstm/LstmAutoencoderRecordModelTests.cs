using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models.Lstm;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.Detector.Tests.TestData;

namespace AnomalyPlatform.Detector.Tests.Models.Lstm;

public sealed class LstmAutoencoderRecordModelTests(LstmAutoencoderRecordModelTests.PlantedScenario planted)
    : IClassFixture<LstmAutoencoderRecordModelTests.PlantedScenario>
{
    /// <summary>One fit on the planted scenario, shared by the tests that only read its output.</summary>
    public sealed class PlantedScenario
    {
        internal TelemetryScenario Scenario { get; } = TelemetryScenario.Build(seed: 13);

        internal ModelOutput Output => _output.Value;

        private readonly Lazy<ModelOutput> _output;

        public PlantedScenario() => _output = new Lazy<ModelOutput>(() => Run(Scenario.Records));
    }

    private static ModelOutput Run(IReadOnlyList<TelemetryRecord> records)
    {
        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        return new LstmAutoencoderRecordModel(new DetectorOptions()).Run(columns, CancellationToken.None);
    }

    private static List<int> RowsLabelled(TelemetryScenario scenario, string type) =>
        scenario.Labels.Where(pair => pair.Value == type).Select(pair => (int)pair.Key).ToList();

    [Fact]
    public void Error_burst_and_event_flood_records_are_flagged_with_their_types()
    {
        var (scenario, output) = (planted.Scenario, planted.Output);

        var burst = RowsLabelled(scenario, AnomalyTypes.ErrorLogBurst);
        var flood = RowsLabelled(scenario, AnomalyTypes.NoisyEvent);
        Assert.All(burst, row => Assert.True(output.Flags[row], $"burst log {row} not flagged (raw {output.Raw[row]:0.00})"));
        Assert.All(flood, row => Assert.True(output.Flags[row], $"flood event {row} not flagged (raw {output.Raw[row]:0.00})"));
        Assert.All(burst, row => Assert.Equal(AnomalyTypes.ErrorLogBurst, AnomalyTypeCodes.NameOf(output.Types[row])));
        Assert.All(flood, row => Assert.Equal(AnomalyTypes.NoisyEvent, AnomalyTypeCodes.NameOf(output.Types[row])));
    }

    [Fact]
    public void Planted_metric_spikes_are_mostly_flagged_with_few_false_alarms()
    {
        var (scenario, output) = (planted.Scenario, planted.Output);

        var spikes = RowsLabelled(scenario, AnomalyTypes.MetricSpike);
        var found = spikes.Count(row => output.Flags[row]);
        Assert.True(found >= 0.75 * spikes.Count, $"found {found} of {spikes.Count} spikes");
        var falseAlarms = Enumerable.Range(0, scenario.Records.Count).Count(row => output.Flags[row] && scenario.Labels[row] is null);
        Assert.True(falseAlarms <= 3, $"{falseAlarms} normal records flagged");
    }

    [Fact]
    public void Metrics_of_names_the_generator_never_uses_are_read_too()
    {
        var scenario = planted.Scenario;
        // A user's estate: the same readings under the names its own collector gives them.
        var renamed = scenario.Records
            .Select(r => r.Kind == TelemetryKind.Metric ? r with { Name = "host." + r.Name.Replace('_', '.') } : r)
            .ToList();

        var output = Run(renamed);

        var spikes = RowsLabelled(scenario, AnomalyTypes.MetricSpike);
        var found = spikes.Count(row => output.Flags[row]);
        Assert.True(found >= 0.75 * spikes.Count, $"found {found} of {spikes.Count} spikes under other names");
    }

    [Fact]
    public void The_most_reported_metrics_become_columns_in_order_of_name()
    {
        var records = new List<TelemetryRecord>();
        var time = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        // Metric m is reported m + 1 times: the least reported fall outside the cap.
        var names = Enumerable.Range(0, ServiceIntervalSeries.MaxMetrics + 3).Select(m => $"metric_{m:00}").ToList();
        for (var m = 0; m < names.Count; m++)
        {
            for (var k = 0; k <= m; k++)
            {
                records.Add(new TelemetryRecord(records.Count, time, TelemetryKind.Metric, "svc", "svc-1", names[^(m + 1)], k));
            }
        }

        records.Add(new TelemetryRecord(records.Count, time, TelemetryKind.Log, "svc", "svc-1", "a_log_template", 0, LogLevel.Error));
        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();

        var metrics = ServiceIntervalSeries.MetricsOf(columns);

        Assert.Equal(names.Take(names.Count - 3).Order(StringComparer.Ordinal).ToList(), metrics);
    }

    [Fact]
    public void Estate_without_anomalies_raises_almost_no_alarms()
    {
        var scenario = TelemetryScenario.Build(seed: 12, plantAnomalies: false);

        var output = Run(scenario.Records);

        var flagged = output.Flags.Count(flag => flag);
        Assert.True(flagged <= 3, $"{flagged} of {scenario.Records.Count} records flagged");
    }

    [Fact]
    public void Spans_and_info_logs_are_not_scored_but_metrics_are()
    {
        var scenario = TelemetryScenario.Build(seed: 14);

        var output = Run(scenario.Records);

        var records = scenario.Records;
        Assert.All(Enumerable.Range(0, records.Count), row =>
        {
            var record = records[row];
            var scored = !double.IsNaN(output.Raw[row]);
            var expected = record.Kind is TelemetryKind.Metric or TelemetryKind.Event
                || (record.Kind == TelemetryKind.Log && record.Level == LogLevel.Error);
            Assert.Equal(expected, scored);
        });
    }

    [Fact]
    public void Same_seed_gives_identical_record_scores()
    {
        var scenario = TelemetryScenario.Build(seed: 15);

        var first = Run(scenario.Records);
        var second = Run(scenario.Records);

        Assert.Equal(first.Raw, second.Raw);
        Assert.Equal(first.Flags, second.Flags);
    }

    [Fact]
    public void Reason_names_the_count_the_service_and_the_cut()
    {
        var (scenario, output) = (planted.Scenario, planted.Output);

        var row = RowsLabelled(scenario, AnomalyTypes.ErrorLogBurst)[0];
        var reason = output.ReasonFor(row);
        Assert.StartsWith($"{ModelNames.LstmAutoencoder}: ", reason);
        Assert.Contains("ERROR logs at checkout", reason);
        Assert.Contains("× the cut", reason);
    }

    [Fact]
    public void Metrics_read_every_five_minutes_are_read_in_five_minute_rows_and_the_reason_says_so()
    {
        var random = new Random(3);
        var records = Enumerable.Range(0, 300)
            .Select(i => new TelemetryRecord(i, TelemetryScenario.Start.AddMinutes(5 * i), TelemetryKind.Metric, "db", "db-0", "cpu_percent",
                i == 200 ? 400 : 40 + random.NextDouble()))
            .ToList();

        var output = Run(records);

        var reason = output.ReasonFor(200);
        Assert.Contains("in the 5 minutes from", reason);
        Assert.Contains("80-minute windows", reason);
        Assert.True(output.Flags[200], reason);
    }

    [Fact]
    public void Run_shorter_than_the_shortest_window_scores_nothing()
    {
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var records = Enumerable.Range(0, 3)
            .Select(minute => new TelemetryRecord(minute, start.AddMinutes(minute), TelemetryKind.Metric, "a", "a-0", "cpu_percent", 40 + minute))
            .ToList();

        var output = Run(records);

        Assert.All(output.Raw, raw => Assert.True(double.IsNaN(raw)));
        Assert.DoesNotContain(true, output.Flags);
    }
}
