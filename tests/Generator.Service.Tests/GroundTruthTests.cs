using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Tests;

public sealed class GroundTruthTests
{
    [Theory]
    [InlineData(0.02, 0.01)]
    [InlineData(0.1, 0.05)]
    public void Injected_volumes_match_error_and_anomaly_rates(double errorRate, double anomalyRate)
    {
        var run = GeneratedRun.Create(60_000, errorRate: errorRate, anomalyRate: anomalyRate);

        var logs = run.Records.Count(r => r.Kind == TelemetryKind.Log);
        var burstLines = run.Labels.Count(l => l.AnomalyType == AnomalyTypes.ErrorLogBurst);
        var otherLabelled = run.Labels.Count(l => l.IsAnomaly && l.AnomalyType != AnomalyTypes.ErrorLogBurst);

        Assert.InRange((double)burstLines / logs, errorRate * 0.85, errorRate * 1.15);
        Assert.InRange((double)otherLabelled / run.Records.Count, anomalyRate * 0.8, anomalyRate * 1.2);
    }

    [Fact]
    public void Zero_rates_inject_no_fault()
    {
        var run = GeneratedRun.Create(20_000, errorRate: 0, anomalyRate: 0);

        Assert.DoesNotContain(run.Labels, l => l.IsAnomaly);
        Assert.Empty(run.Incidents);
    }

    [Fact]
    public void Every_fault_kind_is_injected_in_a_default_run()
    {
        var run = GeneratedRun.Create(30_000);

        var types = run.Labels.Where(l => l.IsAnomaly).Select(l => l.AnomalyType!).ToHashSet();

        Assert.Equal(AnomalyTypes.All.ToHashSet(), types);
    }

    [Fact]
    public void Labels_and_incidents_agree_on_ids_and_types()
    {
        var run = GeneratedRun.Create(30_000);

        var byId = run.Incidents.ToDictionary(i => i.IncidentId);
        var labelled = run.Labels.Where(l => l.IsAnomaly).ToList();

        Assert.Equal(byId.Keys.Order(), labelled.Select(l => l.IncidentId!).Distinct().Order());
        Assert.All(labelled, l => Assert.Equal(byId[l.IncidentId!].FaultType, l.AnomalyType));
        Assert.All(run.Labels.Where(l => !l.IsAnomaly), l => Assert.True(l.AnomalyType is null && l.IncidentId is null));
        Assert.Equal(Enumerable.Range(1, run.Incidents.Count).Select(i => $"INC-{i:D4}"), run.Incidents.Select(i => i.IncidentId));
    }

    [Fact]
    public void Labelled_records_lie_within_their_incident_window_at_affected_services()
    {
        var run = GeneratedRun.Create(30_000);
        var byId = run.Incidents.ToDictionary(i => i.IncidentId);

        foreach (var (record, label) in run.Rows.Where(r => r.Label.IsAnomaly))
        {
            var incident = byId[label.IncidentId!];
            Assert.InRange(record.Timestamp, incident.Start, incident.End);
            Assert.Contains(record.Service, incident.AffectedServices);
        }

        Assert.All(run.Incidents, i => Assert.Equal(i.RootCauseService, i.AffectedServices[0]));
    }

    [Fact]
    public void Propagated_symptoms_reach_direct_callers_with_the_root_incident_id()
    {
        var run = GeneratedRun.Create(60_000);
        var topology = run.Topology;
        var names = topology.Services.Select(s => s.Name).ToList();
        var byId = run.Incidents.ToDictionary(i => i.IncidentId);
        var propagated = 0;

        foreach (var (record, label) in run.Rows.Where(r => r.Label.IsAnomaly))
        {
            var incident = byId[label.IncidentId!];
            if (record.Service == incident.RootCauseService)
            {
                continue;
            }

            var root = names.IndexOf(incident.RootCauseService);
            var neighbours = label.AnomalyType == AnomalyTypes.MissingSpan
                ? topology.CalleesOf(root).ToArray()   // orphans are the lost span's children
                : topology.CallersOf(root).ToArray();  // symptoms travel up to callers
            Assert.Contains(names.IndexOf(record.Service), neighbours);
            if (label.AnomalyType != AnomalyTypes.MissingSpan)
            {
                propagated++;
            }
        }

        Assert.True(propagated > 0, "some symptoms should have propagated to callers");
        Assert.Contains(run.Rows, r => r.Label.AnomalyType == AnomalyTypes.ErrorLogBurst && r.Record.Name == "upstream_call_failed");
    }

    [Fact]
    public void Error_burst_lines_are_error_logs_and_noisy_events_are_events()
    {
        var run = GeneratedRun.Create(30_000);

        Assert.All(run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.ErrorLogBurst),
            r => Assert.Equal((TelemetryKind.Log, LogLevel.Error), (r.Record.Kind, r.Record.Level!.Value)));
        Assert.All(run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.NoisyEvent), r => Assert.Equal(TelemetryKind.Event, r.Record.Kind));
        Assert.All(run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.MetricSpike), r => Assert.Equal(TelemetryKind.Metric, r.Record.Kind));
        Assert.All(run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.MissingSpan), r => Assert.Equal(TelemetryKind.Span, r.Record.Kind));
    }

    [Fact]
    public void Metric_spikes_stand_far_outside_their_series_normal_range()
    {
        var run = GeneratedRun.Create(60_000);
        var normal = run.Rows.Where(r => r.Record.Kind == TelemetryKind.Metric && !r.Label.IsAnomaly)
            .GroupBy(r => (r.Record.Service, r.Record.Name))
            .ToDictionary(g => g.Key, g => RobustCentreAndSpread(g.Select(r => r.Record.Value).ToArray()));

        var spikes = run.Rows.Where(r => r.Label.AnomalyType == AnomalyTypes.MetricSpike).ToList();

        Assert.NotEmpty(spikes);
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

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
