using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Tests;

public sealed class IncidentTests(LongRunFixture fixture) : IClassFixture<LongRunFixture>
{
    private static readonly string[] IncidentFaultTypes =
    [
        FaultTypes.CpuHog, FaultTypes.MemoryLeak, FaultTypes.LatencyInjection, FaultTypes.BadDeploy,
        FaultTypes.DependencyOutage, FaultTypes.TracingLoss, FaultTypes.EventStorm,
    ];

    private GeneratedRun Run => fixture.Run;

    [Fact]
    public void Incidents_never_overlap_and_keep_the_default_quiet_gap()
    {
        var incidents = Run.Incidents.OrderBy(i => i.Start).ToList();

        Assert.True(incidents.Count >= 20, $"only {incidents.Count} incidents in a nine-hour run");
        Assert.All(incidents, i => Assert.True(i.End >= i.Start));
        Assert.All(incidents.Zip(incidents.Skip(1)), pair => Assert.True(pair.Second.Start - pair.First.End >= TimeSpan.FromMinutes(10),
            $"{pair.First.IncidentId} ends {pair.First.End:HH:mm:ss}, {pair.Second.IncidentId} starts {pair.Second.Start:HH:mm:ss}"));
    }

    [Fact]
    public void Every_fault_type_and_every_anomaly_type_appears_in_a_long_run()
    {
        Assert.Equal(IncidentFaultTypes.Order(), Run.Incidents.Select(i => i.FaultType).Distinct().Order());
        Assert.Equal(AnomalyTypes.All.Order(), Run.Labels.Where(l => l.IsAnomaly).Select(l => l.AnomalyType!).Distinct().Order());
    }

    [Fact]
    public void Is_root_cause_marks_exactly_the_root_cause_services_records_of_an_incident()
    {
        var byId = Run.Incidents.ToDictionary(i => i.IncidentId);

        Assert.All(Run.Rows.Where(r => r.Label.IncidentId is null), r => Assert.False(r.Label.IsRootCause));
        Assert.All(fixture.RowsByIncident, entry =>
        {
            var root = byId[entry.Key].RootCauseService;
            Assert.All(entry.Value, r => Assert.Equal(r.Record.Service == root, r.Label.IsRootCause));
            Assert.Contains(entry.Value, r => r.Label.IsRootCause);
        });
    }

    [Fact]
    public void Symptoms_stay_on_the_call_paths_of_the_root_cause_and_affected_services_list_them()
    {
        foreach (var incident in Run.Incidents)
        {
            var rows = fixture.RowsByIncident[incident.IncidentId];
            var upstream = fixture.CallersUpstreamOf(incident.RootCauseService);
            var orphanedCallees = fixture.CalleesOf(incident.RootCauseService);
            foreach (var (record, label) in rows.Where(r => r.Record.Service != incident.RootCauseService))
            {
                // Symptoms climb to callers; only a lost span shows below the root, as its orphaned children.
                var allowed = label.AnomalyType == AnomalyTypes.MissingSpan ? orphanedCallees : upstream;
                Assert.True(allowed.Contains(record.Service), $"{incident.IncidentId} ({incident.FaultType} at {incident.RootCauseService}) labelled {record.Service}");
            }

            Assert.Equal(incident.RootCauseService, incident.AffectedServices[0]);
            Assert.Equal(rows.Select(r => r.Record.Service).ToHashSet(), incident.AffectedServices.ToHashSet());
        }
    }

    [Fact]
    public void Symptoms_of_every_fault_type_reach_callers_no_earlier_than_the_root_cause_shows_them()
    {
        var reachedCallers = new HashSet<string>();
        foreach (var incident in Run.Incidents.Where(i => i.FaultType != FaultTypes.TracingLoss))
        {
            var rows = fixture.RowsByIncident[incident.IncidentId];
            var rootFirst = rows.Where(r => r.Label.IsRootCause).Min(r => LongRunFixture.ObservedAt(r.Record));
            foreach (var (record, _) in rows.Where(r => !r.Label.IsRootCause))
            {
                Assert.True(LongRunFixture.ObservedAt(record) >= rootFirst,
                    $"{incident.IncidentId} ({incident.FaultType}): {record.Service} {record.Kind} {record.Name} seen before the root cause's first symptom");
                reachedCallers.Add(incident.FaultType);
            }
        }

        Assert.Equal(IncidentFaultTypes.Where(t => t != FaultTypes.TracingLoss).Order(), reachedCallers.Order());
    }

    [Fact]
    public void Callers_of_a_slow_or_hanging_dependency_degrade_on_their_own_only_after_a_delay()
    {
        var ownDegradation = 0;
        foreach (var incident in Run.Incidents.Where(i => i.FaultType is FaultTypes.LatencyInjection or FaultTypes.DependencyOutage))
        {
            var rows = fixture.RowsByIncident[incident.IncidentId];
            var rootFirst = rows.Where(r => r.Label.IsRootCause).Min(r => r.Record.Timestamp);
            var slowSpans = rows.Where(r => r.Label.AnomalyType == AnomalyTypes.LatencySpike).ToList();
            var parentsOfSlowSpans = slowSpans.Select(r => r.Record.ParentSpanId).OfType<string>().ToHashSet();
            // A slow caller span none of whose children is slow was slowed by queueing at the caller itself.
            foreach (var (record, _) in slowSpans.Where(r => !r.Label.IsRootCause && !parentsOfSlowSpans.Contains(r.Record.SpanId!)))
            {
                Assert.True(record.Timestamp - rootFirst >= TimeSpan.FromSeconds(20),
                    $"{incident.IncidentId}: {record.Service} degraded {(record.Timestamp - rootFirst).TotalSeconds:F1} s after the root cause");
                ownDegradation++;
            }
        }

        Assert.True(ownDegradation > 0, "callers should saturate during some latency or outage incidents");
    }

    [Fact]
    public void Spans_of_a_latency_incident_are_slower_at_the_root_cause_than_at_its_callers()
    {
        var normal = Run.Rows.Where(r => r.Record.Kind == TelemetryKind.Span && !r.Label.IsAnomaly)
            .GroupBy(r => (r.Record.Service, r.Record.Name))
            .ToDictionary(g => g.Key, g => GroundTruthTests.Median(g.Select(r => r.Record.Value)));
        var rootSlowdowns = new List<double>();
        var callerSlowdowns = new List<double>();

        foreach (var incident in Run.Incidents.Where(i => i.FaultType == FaultTypes.LatencyInjection))
        {
            foreach (var (record, label) in fixture.RowsByIncident[incident.IncidentId].Where(r => r.Label.AnomalyType == AnomalyTypes.LatencySpike))
            {
                (label.IsRootCause ? rootSlowdowns : callerSlowdowns).Add(record.Value / normal[(record.Service, record.Name)]);
            }
        }

        Assert.NotEmpty(rootSlowdowns);
        Assert.NotEmpty(callerSlowdowns);
        Assert.True(GroundTruthTests.Median(rootSlowdowns) >= 3, $"root spans only {GroundTruthTests.Median(rootSlowdowns):F1}× their normal median");
        Assert.True(GroundTruthTests.Median(callerSlowdowns) > 1.5, $"caller spans only {GroundTruthTests.Median(callerSlowdowns):F1}× their normal median");
        Assert.True(GroundTruthTests.Median(rootSlowdowns) > GroundTruthTests.Median(callerSlowdowns));
    }

    [Fact]
    public void Dependency_outage_fails_calls_with_error_spans_and_callers_log_the_failures()
    {
        var outages = Run.Incidents.Where(i => i.FaultType == FaultTypes.DependencyOutage).ToList();

        Assert.NotEmpty(outages);
        foreach (var incident in outages)
        {
            var rows = fixture.RowsByIncident[incident.IncidentId];
            var rootSpans = rows.Where(r => r.Label.IsRootCause && r.Record.Kind == TelemetryKind.Span).ToList();
            Assert.NotEmpty(rootSpans);
            Assert.All(rootSpans, r => Assert.Equal(SpanStatus.Error, r.Record.Status));
            Assert.Contains(rows, r => !r.Label.IsRootCause && r.Record.Name == "upstream_call_failed" && r.Record.Level == LogLevel.Error);
        }
    }

    [Fact]
    public void Latency_metrics_of_an_incident_stand_out_only_where_that_minutes_spans_were_slow()
    {
        var spans = Run.Records.Where(r => r.Kind == TelemetryKind.Span).ToList();
        var normal = Run.Rows.Where(r => r.Record.Kind == TelemetryKind.Span && !r.Label.IsAnomaly)
            .GroupBy(r => (r.Record.Service, r.Record.Name))
            .ToDictionary(g => g.Key, g => GroundTruthTests.Median(g.Select(r => r.Record.Value)));
        // The slowest span of each instance and minute, relative to its operation's normal median.
        var slowest = spans.GroupBy(s => (s.Instance, Minute(s.Timestamp)))
            .ToDictionary(g => g.Key, g => g.Max(s => s.Value / normal.GetValueOrDefault((s.Service, s.Name), double.MaxValue)));
        // The record limit cuts the run's last minute after its metrics (stamped at the minute's start) but before its spans.
        var lastMinute = Minute(Run.Records[^1].Timestamp);
        var checkedReadings = 0;

        foreach (var (id, rows) in fixture.RowsByIncident)
        {
            foreach (var (record, _) in rows.Where(r => r.Record.Name is "latency_p50_ms" or "latency_p95_ms" && Minute(r.Record.Timestamp) < lastMinute))
            {
                var ratio = slowest.GetValueOrDefault((record.Instance, Minute(record.Timestamp)));
                Assert.True(ratio >= 1.5, $"{id}: {record.Instance} {record.Name} at {record.Timestamp:HH:mm} stands out, slowest span only {ratio:F2}× normal");
                checkedReadings++;
            }
        }

        Assert.True(checkedReadings > 0);
    }

    [Fact]
    public void Standalone_anomalies_stay_clear_of_incident_windows()
    {
        var windows = Run.Incidents.Select(i => (From: i.Start.AddSeconds(-30), To: i.End.AddSeconds(30))).ToList();

        var standalone = Run.Rows.Where(r => r.Label.IsAnomaly && r.Label.IncidentId is null).ToList();

        Assert.NotEmpty(standalone);
        Assert.All(standalone, r => Assert.DoesNotContain(windows, w => r.Record.Timestamp >= w.From && r.Record.Timestamp <= w.To));
    }

    [Fact]
    public void Long_run_keeps_both_rates_on_target()
    {
        var logs = Run.Rows.Where(r => r.Record.Kind == TelemetryKind.Log).ToList();
        var others = Run.Rows.Where(r => r.Record.Kind != TelemetryKind.Log).ToList();

        Assert.InRange((double)logs.Count(r => r.Label.IsAnomaly) / logs.Count, 0.02 * 0.95, 0.02 * 1.05);
        Assert.InRange((double)others.Count(r => r.Label.IsAnomaly) / others.Count, 0.01 * 0.95, 0.01 * 1.05);
    }

    private static DateTime Minute(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
}
