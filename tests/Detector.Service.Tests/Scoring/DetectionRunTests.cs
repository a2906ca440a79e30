using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.Detector.Tests.TestData;

namespace AnomalyPlatform.Detector.Tests.Scoring;

public sealed class DetectionRunTests
{
    private static DetectionResult Detect(IEnumerable<IReadOnlyList<TelemetryRecord>> batches, DetectorOptions? options = null)
    {
        var columns = new TelemetryColumns();
        foreach (var batch in batches)
        {
            columns.Append(batch);
        }

        return new DetectionRun(options ?? new DetectorOptions()).Execute(columns, CancellationToken.None);
    }

    private static DetectionResult Detect(IReadOnlyList<TelemetryRecord> records, DetectorOptions? options = null) => Detect([records], options);

    /// <summary>The four kinds the test scenario plants (it has no slow spans).</summary>
    private static readonly string[] PlantedTypes = [AnomalyTypes.ErrorLogBurst, AnomalyTypes.MetricSpike, AnomalyTypes.MissingSpan, AnomalyTypes.NoisyEvent];

    private static readonly string[] AllModels =
        [ModelNames.Statistical, TraceStructureDetector.ModelName, ModelNames.IsolationForest, ModelNames.OneClassSvm, ModelNames.LstmAutoencoder];

    private static HashSet<long> Flagged(DetectionResult result) => result.Detections.Where(d => d.IsAnomaly).Select(d => d.RecordId).ToHashSet();

    private static IEnumerable<IReadOnlyList<TelemetryRecord>> Chunks(IReadOnlyList<TelemetryRecord> records, int size)
    {
        for (var start = 0; start < records.Count; start += size)
        {
            yield return records.Skip(start).Take(size).ToList();
        }
    }

    [Fact]
    public void Planted_anomalies_of_all_four_kinds_are_found_with_few_false_alarms()
    {
        var scenario = TelemetryScenario.Build(seed: 11);

        var flagged = Flagged(Detect(scenario.Records));

        foreach (var type in PlantedTypes)
        {
            var planted = scenario.Labels.Where(pair => pair.Value == type).Select(pair => pair.Key).ToList();
            Assert.NotEmpty(planted);
            var found = planted.Count(flagged.Contains);
            Assert.True(found >= 0.9 * planted.Count, $"{type}: found {found} of {planted.Count}");
        }

        var falseAlarms = flagged.Count(id => scenario.Labels[id] is null);
        var truePositives = flagged.Count - falseAlarms;
        Assert.True(falseAlarms <= 0.1 * truePositives, $"{falseAlarms} false alarms against {truePositives} true positives");
    }

    [Fact]
    public void Estate_without_anomalies_raises_almost_no_alarms()
    {
        var scenario = TelemetryScenario.Build(seed: 12, plantAnomalies: false);

        var flagged = Flagged(Detect(scenario.Records));

        Assert.True(flagged.Count <= scenario.Records.Count / 1000, $"{flagged.Count} alarms on {scenario.Records.Count} normal records");
    }

    [Fact]
    public void Orphan_span_is_flagged_when_its_parent_is_absent_from_every_batch()
    {
        var t = TelemetryScenario.Start;
        List<TelemetryRecord> first =
        [
            Span(0, t, "frontend", "t1", "a", parent: null),
            Span(1, t, "checkout", "t1", "b", parent: "a"),
            Span(2, t, "payments", "t2", "d", parent: "c"), // its parent c arrives in the second batch
        ];
        List<TelemetryRecord> second =
        [
            Span(3, t, "checkout", "t2", "c", parent: null),
            Span(4, t, "payments", "t3", "f", parent: "e"), // e never arrives
        ];

        var result = Detect([first, second]);

        var detection = Assert.Single(result.Detections);
        Assert.Equal(4, detection.RecordId);
        Assert.True(detection.IsAnomaly);
        Assert.Equal(AnomalyTypes.MissingSpan, detection.DetectedType);
        Assert.Contains(detection.Scores, score => score.Model == TraceStructureDetector.ModelName && score.IsAnomaly);
        Assert.Contains(detection.Reasons, reason => reason.Contains("parent span e", StringComparison.Ordinal));
    }

    [Fact]
    public void Parent_with_the_same_span_id_in_another_trace_does_not_adopt_an_orphan()
    {
        var t = TelemetryScenario.Start;
        List<TelemetryRecord> records =
        [
            Span(0, t, "frontend", "t1", "a", parent: null),
            Span(1, t, "checkout", "t2", "b", parent: "a"),
        ];

        var result = Detect(records);

        Assert.Equal(1, Assert.Single(result.Detections).RecordId);
    }

    [Fact]
    public void Error_burst_flags_its_error_logs_but_not_isolated_errors_elsewhere_nor_info_lines()
    {
        var scenario = TelemetryScenario.Build(seed: 13);
        var records = scenario.Records;

        var result = Detect(records);

        var burst = scenario.Labels.Where(pair => pair.Value == AnomalyTypes.ErrorLogBurst).Select(pair => pair.Key).ToHashSet();
        var flaggedLogs = result.Detections.Where(d => d.IsAnomaly && d.Kind == TelemetryKind.Log).ToList();
        Assert.All(flaggedLogs, d => Assert.Equal(LogLevel.Error, records[(int)d.RecordId].Level));
        Assert.Superset(burst, flaggedLogs.Select(d => d.RecordId).ToHashSet());
        Assert.All(flaggedLogs.Where(d => burst.Contains(d.RecordId)), d => Assert.Equal(AnomalyTypes.ErrorLogBurst, d.DetectedType));
        // An isolated routine ERROR (no other ERROR at its service within a minute) is never a burst. Two routine errors
        // seconds apart at a quiet service are improbable under its rate and may be called one; that is the test's job.
        var errors = records.Where(r => r.Level == LogLevel.Error).ToList();
        var isolated = errors.Where(r => !burst.Contains(r.RecordId)
            && !errors.Any(o => o.RecordId != r.RecordId && o.Service == r.Service && Math.Abs((o.Timestamp - r.Timestamp).TotalSeconds) < 60)).ToList();
        Assert.NotEmpty(isolated);
        var flagged = flaggedLogs.Select(d => d.RecordId).ToHashSet();
        Assert.DoesNotContain(isolated, r => flagged.Contains(r.RecordId));
    }

    [Fact]
    public void Event_flood_flags_the_events_of_its_window_and_not_isolated_deploys()
    {
        var scenario = TelemetryScenario.Build(seed: 14);

        var result = Detect(scenario.Records);

        var flood = scenario.Labels.Where(pair => pair.Value == AnomalyTypes.NoisyEvent).Select(pair => pair.Key).ToHashSet();
        var flaggedEvents = result.Detections.Where(d => d.IsAnomaly && d.Kind == TelemetryKind.Event).ToList();
        Assert.Equal(flood.Order(), flaggedEvents.Select(d => d.RecordId).Order());
        Assert.All(flaggedEvents, d => Assert.Equal(AnomalyTypes.NoisyEvent, d.DetectedType));
        Assert.All(flaggedEvents, d => Assert.Contains(d.Reasons, reason => reason.Contains("events at payments", StringComparison.Ordinal)));
    }

    [Fact]
    public void Metric_spike_detection_names_the_series_and_its_z()
    {
        var t = TelemetryScenario.Start;
        var random = new Random(3);
        var records = new List<TelemetryRecord>();
        for (var i = 0; i < 100; i++)
        {
            var value = i == 60 ? 400.0 : 120 + random.NextDouble() * 10;
            records.Add(new TelemetryRecord(i, t.AddSeconds(30 * i), TelemetryKind.Metric, "checkout", "checkout-1", "latency_p95_ms", value));
        }

        var result = Detect(records);

        var detection = Assert.Single(result.Detections);
        Assert.Equal(60, detection.RecordId);
        Assert.Equal(AnomalyTypes.MetricSpike, detection.DetectedType);
        Assert.InRange(detection.Confidence, 0.5, 1.0);
        var reason = detection.Reasons[0];
        Assert.Matches(@"^statistical: (robust|EWMA residual) z=\d+\.\d ", reason);
        Assert.Contains("checkout/checkout-1 latency_p95_ms", reason, StringComparison.Ordinal);
        Assert.Equal(AllModels, detection.Scores.Select(s => s.Model));
    }

    [Fact]
    public void Edges_come_from_parent_and_child_services_and_changes_from_change_events()
    {
        var t = TelemetryScenario.Start;
        List<TelemetryRecord> records =
        [
            Span(0, t, "frontend", "t1", "a", parent: null),
            Span(1, t, "checkout", "t1", "b", parent: "a"),
            Span(2, t, "payments", "t1", "c", parent: "b"),
            Span(3, t, "payments", "t1", "d", parent: "c"),
            Span(4, t, "frontend", "t2", "a", parent: null),
            Span(5, t, "checkout", "t2", "b", parent: "a"),
            new(6, t, TelemetryKind.Event, "checkout", "checkout-0", "deploy", 0),
            new(7, t, TelemetryKind.Event, "checkout", "checkout-0", "health_check_flap", 0),
            new(8, t, TelemetryKind.Event, "payments", "payments-1", "scale", 0),
        ];

        var result = Detect(records);

        Assert.Equal([new ServiceEdge("checkout", "payments", 1), new ServiceEdge("frontend", "checkout", 2)], result.Edges);
        Assert.Empty(result.LogHandovers);
        Assert.Equal([6L, 8L], result.ChangeEvents.Select(change => change.RecordId));
        Assert.Equal("deploy", result.ChangeEvents[0].EventType);
        Assert.Equal([.. AllModels, ModelNames.Ensemble], result.Models);
    }

    [Fact]
    public void Without_spans_the_calls_between_services_are_read_from_the_requests_log_lines()
    {
        var t = TelemetryScenario.Start;
        var records = new List<TelemetryRecord>();
        foreach (var trace in new[] { "t1", "t2" })
        {
            foreach (var service in new[] { "frontend", "checkout", "payments" })
            {
                records.Add(new(records.Count, t.AddMilliseconds(records.Count), TelemetryKind.Log, service, service + "-0", "handled", 0, LogLevel.Info, TraceId: trace));
            }
        }

        var result = Detect(records);

        Assert.Equal([new ServiceEdge("checkout", "payments", 2), new ServiceEdge("frontend", "checkout", 2)], result.Edges);
        // And the time each request took to pass between them, where spans would have told the calls' time in transit.
        Assert.Empty(result.CallTransits);
        Assert.Equal(4, result.LogHandovers.Sum(static h => h.Count));
        Assert.Equal(["checkout", "payments"], result.LogHandovers.Select(static h => h.CalleeService).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void With_spans_only_the_requests_whose_traces_were_not_kept_are_timed_by_their_log_lines()
    {
        // t1 was traced; t2 and t3 were sampled out, their log lines keeping the trace id.
        var t = TelemetryScenario.Start;
        var records = new List<TelemetryRecord> { Span(0, t, "frontend", "t1", "a", parent: null), Span(1, t, "checkout", "t1", "b", parent: "a") };
        foreach (var trace in new[] { "t1", "t2", "t3" })
        {
            foreach (var service in new[] { "frontend", "checkout" })
            {
                records.Add(new(records.Count, t.AddMilliseconds(records.Count), TelemetryKind.Log, service, service + "-0", "handled", 0, LogLevel.Info, TraceId: trace));
            }
        }

        var result = Detect(records);

        Assert.Equal([new ServiceEdge("frontend", "checkout", 1)], result.Edges);
        Assert.Equal(1, result.CallTransits.Sum(static c => c.Count));
        Assert.Equal(2, result.LogHandovers.Sum(static h => h.Count));
        Assert.All(result.LogHandovers, static h => Assert.Equal(("frontend", "checkout"), (h.CallerService, h.CalleeService)));
    }

    [Fact]
    public void Same_records_in_other_batch_order_give_identical_detections()
    {
        var scenario = TelemetryScenario.Build(seed: 15);
        var inOrder = Chunks(scenario.Records, 1000).ToList();
        var shuffled = inOrder.AsEnumerable().Reverse().ToList();

        var first = Detect(inOrder);
        var second = Detect(shuffled);

        Assert.Equal(Describe(first), Describe(second));
        Assert.True(first.Detections.Select(d => d.RecordId).SequenceEqual(first.Detections.Select(d => d.RecordId).Order()));
    }

    [Fact]
    public void Cancelled_run_stops_with_the_cancellation_not_a_bundle_of_model_failures()
    {
        // The models run side by side as tasks: a cancellation must surface as itself (what the consumer hosts catch),
        // not wrapped in the AggregateException of waiting for them.
        var columns = new TelemetryColumns();
        columns.Append(TelemetryScenario.Build(seed: 17).Records);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new DetectionRun(new DetectorOptions()).Execute(columns, cancelled.Token));
    }

    [Fact]
    public void Each_model_reports_its_own_wall_time_beside_the_features_and_the_ensemble()
    {
        var result = Detect(TelemetryScenario.Build(seed: 18).Records);

        Assert.Equal(["features", .. AllModels, ModelNames.Ensemble], result.Timings.Select(t => t.Step));
        Assert.All(result.Timings, t => Assert.True(t.Elapsed > TimeSpan.Zero, $"{t.Step} took no time"));
        Assert.Matches(@"^features \d+\.\d s, statistical \d+\.\d s, ", StageTiming.Describe(result.Timings));
    }

    [Fact]
    public void The_result_says_which_instances_each_service_ran()
    {
        var scenario = TelemetryScenario.Build(seed: 16);

        var result = Detect(scenario.Records);

        var expected = scenario.Records.GroupBy(r => r.Service).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, string.Join(",", g.GroupBy(r => r.Instance).OrderBy(i => i.Key, StringComparer.Ordinal)
                .Select(i => $"{i.Key} {i.Min(r => r.Timestamp):O} {i.Max(r => r.Timestamp):O}"))));
        Assert.Equal(expected, result.Instances.Select(s => (s.Service, string.Join(",", s.Instances.Select(i => $"{i.Instance} {i.First:O} {i.Last:O}")))));
    }

    [Fact]
    public void Contamination_makes_the_statistical_model_flag_that_share_of_the_records_it_scores()
    {
        var scenario = TelemetryScenario.Build(seed: 16);
        // Every record is scored: readings and spans by z, ERROR lines and events by their windows, other log lines as 0.
        var scoredKinds = scenario.Records.Count;

        var result = Detect(scenario.Records, new DetectorOptions { Contamination = 0.02 });

        var statisticalFlags = result.Detections.Count(d => d.Scores.Any(s => s.Model == ModelNames.Statistical && s.IsAnomaly));
        Assert.InRange(statisticalFlags, 1, (int)Math.Floor(0.02 * scoredKinds));
        Assert.True(statisticalFlags >= 0.015 * scoredKinds, $"{statisticalFlags} flags of {scoredKinds} scored records");
    }

    private static string Describe(DetectionResult result) => string.Join('\n', result.Detections.Select(d =>
        $"{d.RecordId}|{d.IsAnomaly}|{d.Confidence:R}|{d.DetectedType}|{string.Join(',', d.Scores)}|{string.Join(';', d.Reasons)}"))
        + string.Join(',', result.Edges) + string.Join(',', result.ChangeEvents);

    private static TelemetryRecord Span(long id, DateTime time, string service, string trace, string span, string? parent) =>
        new(id, time, TelemetryKind.Span, service, $"{service}-0", $"{service}.handle", 10, Status: SpanStatus.Ok, TraceId: trace, SpanId: span, ParentSpanId: parent);
}
