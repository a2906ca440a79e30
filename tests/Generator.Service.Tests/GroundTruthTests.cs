using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Tests;

public sealed class GroundTruthTests
{
    private static readonly HashSet<string> IncidentFaultTypes =
    [
        FaultTypes.CpuHog, FaultTypes.MemoryLeak, FaultTypes.LatencyInjection, FaultTypes.BadDeploy,
        FaultTypes.DependencyOutage, FaultTypes.TracingLoss, FaultTypes.EventStorm,
    ];

    [Theory]
    [InlineData(0.02, 0.01)]
    [InlineData(0.1, 0.05)]
    public void Realised_rates_match_the_error_and_anomaly_rate_definitions(double errorRate, double anomalyRate)
    {
        var run = GeneratedRun.Create(60_000, errorRate: errorRate, anomalyRate: anomalyRate);

        var logs = run.Rows.Where(r => r.Record.Kind == TelemetryKind.Log).ToList();
        var others = run.Rows.Where(r => r.Record.Kind != TelemetryKind.Log).ToList();
        var errorShare = (double)logs.Count(r => r.Label.IsAnomaly) / logs.Count;
        var anomalyShare = (double)others.Count(r => r.Label.IsAnomaly) / others.Count;

        Assert.InRange(errorShare, errorRate * 0.9, errorRate * 1.1);
        Assert.InRange(anomalyShare, anomalyRate * 0.9, anomalyRate * 1.1);
        // Both sources count towards each rate.
        Assert.Contains(logs, r => r.Label.IsAnomaly && r.Label.IncidentId is not null);
        Assert.Contains(logs, r => r.Label.IsAnomaly && r.Label.IncidentId is null);
        Assert.Contains(others, r => r.Label.IsAnomaly && r.Label.IncidentId is not null);
        Assert.Contains(others, r => r.Label.IsAnomaly && r.Label.IncidentId is null);
    }

    [Fact]
    public void Zero_rates_inject_no_fault()
    {
        var run = GeneratedRun.Create(20_000, errorRate: 0, anomalyRate: 0);

        Assert.DoesNotContain(run.Labels, l => l.IsAnomaly);
        Assert.Empty(run.Incidents);
    }

    [Fact]
    public void A_short_default_run_holds_an_incident()
    {
        var run = GeneratedRun.Create(10_000);

        Assert.NotEmpty(run.Incidents);
        Assert.All(run.Incidents, i => Assert.Contains(i.FaultType, IncidentFaultTypes));
    }

    [Theory]
    [InlineData(4)] // its second fault had begun at the last record, with 3 records to show for it
    [InlineData(1)]
    [InlineData(2)]
    public void No_incident_starts_where_the_records_would_end_before_its_fault_does(int seed)
    {
        var run = GeneratedRun.Create(10_000, seed);

        var lastRecord = run.Records[^1].Timestamp;
        // The shortest fault lasts three minutes; the volume estimate may be a few per cent off.
        Assert.All(run.Incidents, i => Assert.True(lastRecord - i.Start >= TimeSpan.FromMinutes(2.5), $"{i.IncidentId} starts at {i.Start:HH:mm:ss}, the run ends at {lastRecord:HH:mm:ss}"));
    }

    [Fact]
    public void Configured_incident_spacing_is_kept_between_incidents()
    {
        var run = GeneratedRun.Create(80_000, incidentSpacingMinutes: 25);

        var incidents = run.Incidents.OrderBy(i => i.Start).ToList();

        Assert.True(incidents.Count >= 2, $"{incidents.Count} incidents");
        Assert.All(incidents.Zip(incidents.Skip(1)), pair => Assert.True(pair.Second.Start - pair.First.End >= TimeSpan.FromMinutes(25)));
        // With the default spacing the same run holds more incidents: the option is what spaces them.
        Assert.True(GeneratedRun.Create(80_000).Incidents.Count > incidents.Count);
    }

    [Fact]
    public void Labels_and_incidents_agree_on_ids_and_types()
    {
        var run = GeneratedRun.Create(30_000);

        var byId = run.Incidents.ToDictionary(i => i.IncidentId);
        var inIncidents = run.Labels.Where(l => l.IncidentId is not null).ToList();

        Assert.Equal(byId.Keys.Order(), inIncidents.Select(l => l.IncidentId!).Distinct().Order());
        Assert.All(inIncidents, l => Assert.True(l.IsAnomaly));
        Assert.All(run.Labels.Where(l => l.IsAnomaly), l => Assert.Contains(l.AnomalyType, AnomalyTypes.All));
        Assert.All(run.Labels.Where(l => !l.IsAnomaly), l => Assert.True(l.AnomalyType is null && l.IncidentId is null && !l.IsRootCause));
        Assert.All(run.Incidents, i => Assert.Contains(i.FaultType, IncidentFaultTypes));
        Assert.Equal(Enumerable.Range(1, run.Incidents.Count).Select(i => $"INC-{i:D4}"), run.Incidents.Select(i => i.IncidentId));
    }

    [Fact]
    public void Standalone_anomalies_carry_no_incident_id_and_are_never_root_causes()
    {
        var run = GeneratedRun.Create(30_000);

        var standalone = run.Labels.Where(l => l.IsAnomaly && l.IncidentId is null).ToList();

        Assert.NotEmpty(standalone);
        Assert.All(standalone, l => Assert.False(l.IsRootCause));
        Assert.Equal(
            new HashSet<string> { AnomalyTypes.ErrorLogBurst, AnomalyTypes.MetricSpike, AnomalyTypes.MissingSpan, AnomalyTypes.NoisyEvent },
            standalone.Select(l => l.AnomalyType!).ToHashSet());
    }

    [Fact]
    public void Labelled_records_lie_within_their_incident_window_at_affected_services()
    {
        var run = GeneratedRun.Create(30_000);
        var byId = run.Incidents.ToDictionary(i => i.IncidentId);

        foreach (var (record, label) in run.Rows.Where(r => r.Label.IncidentId is not null))
        {
            var incident = byId[label.IncidentId!];
            Assert.InRange(record.Timestamp, incident.Start, incident.End);
            Assert.Contains(record.Service, incident.AffectedServices);
        }

        Assert.All(run.Incidents, i => Assert.Equal(i.RootCauseService, i.AffectedServices[0]));
    }

    [Fact]
    public void Each_anomaly_type_is_carried_by_its_record_kind()
    {
        var run = GeneratedRun.Create(60_000);

        Assert.All(run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.ErrorLogBurst),
            r => Assert.Equal((TelemetryKind.Log, LogLevel.Error), (r.Record.Kind, r.Record.Level!.Value)));
        Assert.All(run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.NoisyEvent), r => Assert.Equal(TelemetryKind.Event, r.Record.Kind));
        Assert.All(run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.MetricSpike), r => Assert.Equal(TelemetryKind.Metric, r.Record.Kind));
        Assert.All(run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.MissingSpan), r => Assert.Equal(TelemetryKind.Span, r.Record.Kind));
        Assert.All(run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.LatencySpike), r => Assert.Equal(TelemetryKind.Span, r.Record.Kind));
    }

    [Fact]
    public void Metric_spikes_stand_far_outside_their_series_normal_range()
    {
        var run = GeneratedRun.Create(60_000);
        var normal = run.Rows.Where(r => r.Record.Kind == TelemetryKind.Metric && !r.Label.IsAnomaly)
            .GroupBy(r => (r.Record.Service, r.Record.Name))
            .ToDictionary(g => g.Key, g => RobustCentreAndSpread(g.Select(r => r.Record.Value).ToArray()));

        var spikes = run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.MetricSpike).ToList();

        Assert.Contains(spikes, r => r.Label.IncidentId is not null);
        Assert.Contains(spikes, r => r.Label.IncidentId is null);
        Assert.All(spikes, r =>
        {
            var (median, sigma) = normal[(r.Record.Service, r.Record.Name)];
            Assert.True(Math.Abs(r.Record.Value - median) > 4 * sigma,
                $"{r.Record.Instance} {r.Record.Name}={r.Record.Value} is within 4 robust sigmas of {median} (σ {sigma})");
        });
    }

    [Fact]
    public void Some_normal_error_logs_exist_unlabelled()
    {
        var run = GeneratedRun.Create(30_000);

        Assert.Contains(run.Rows, r => r.Record.Level == LogLevel.Error && !r.Label.IsAnomaly);
    }

    private static (double Median, double Sigma) RobustCentreAndSpread(double[] values)
    {
        var median = Median(values);
        var mad = Median(values.Select(v => Math.Abs(v - median)).ToArray());
        return (median, 1.4826 * mad);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
