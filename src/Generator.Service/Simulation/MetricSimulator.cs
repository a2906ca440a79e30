using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// The six metrics of every instance, once per interval, stamped at the interval's start (the period they summarise,
/// as CloudWatch does). Values follow the traffic model the spans are drawn from: request_rate is the instance's share
/// of all (unsampled) calls, CPU grows with it, latency percentiles come from the expected call latency under load,
/// error_rate from the expected failure rate; memory wanders slowly around each instance's own level.
/// Readings are rounded (3 decimals, error_rate 5) so the CSV and the bus carry the same numbers.
/// A running incident changes the readings it would really change (from its calls: latency and error rate; from the
/// fault: CPU, memory), and the reading is labelled when it clearly stands out; otherwise an armed standalone spike
/// replaces the reading.
/// </summary>
internal sealed class MetricSimulator(ServiceTopology topology, SeededRandom random, IncidentInjector incidents, PointAnomalyInjector points)
{
    // log-normal sigma of a whole call (self time plus children) seen over many calls: p95 = p50 × e^(1.645 σ).
    private const double CallSigma = 0.3;

    private readonly double[] _memoryDrift = new double[topology.InstanceCount];

    public int Emit(IntervalBuffer buffer, long intervalStart, double load)
    {
        var entryRps = TrafficModel.EntryRequestsPerSecond(load);
        var latencyLoad = 0.7 + 0.3 * load;
        for (var instance = 0; instance < topology.InstanceCount; instance++)
        {
            var service = topology.InstanceService[instance];
            var definition = topology.Services[service];
            var rps = Math.Max(0, entryRps * topology.ExpectedVisits[service] / definition.Instances * (1 + 0.04 * random.NextGaussian()));
            var cpu = Math.Clamp(definition.CpuBasePercent + definition.CpuPercentPerRps * rps + 1.5 * random.NextGaussian(), 0.5, 99.0);

            // Mean-reverting walk: memory moves, but never trends without a fault.
            _memoryDrift[instance] = 0.95 * _memoryDrift[instance] + 0.01 * random.NextGaussian();
            var memory = definition.MemoryBaseMb * (1 + _memoryDrift[instance] + 0.005 * random.NextGaussian());
            var errorRate = Math.Max(0, topology.ExpectedErrorRate[service] * (1 + 0.25 * random.NextGaussian()));
            var p50 = topology.ExpectedLatencyMs[service] * latencyLoad * (1 + 0.03 * random.NextGaussian());
            var p95 = p50 * Math.Exp(1.645 * CallSigma) * (1 + 0.04 * random.NextGaussian());

            Add(buffer, intervalStart, instance, MetricNames.CpuPercent, cpu, 3);
            Add(buffer, intervalStart, instance, MetricNames.MemoryMb, memory, 3);
            Add(buffer, intervalStart, instance, MetricNames.RequestRate, rps, 3);
            Add(buffer, intervalStart, instance, MetricNames.ErrorRate, errorRate, 5);
            Add(buffer, intervalStart, instance, MetricNames.LatencyP50, p50, 3);
            Add(buffer, intervalStart, instance, MetricNames.LatencyP95, p95, 3);
        }

        return topology.InstanceCount * MetricNames.Count;
    }

    private void Add(IntervalBuffer buffer, long ticks, int instance, int metric, double normal, int decimals)
    {
        var value = incidents.MetricReading(instance, metric, normal, out var incidentSymptom);
        var spiked = !incidentSymptom && points.TrySpike(instance, metric, value, out value);
        var slot = buffer.Add();
        ref var record = ref buffer[slot];
        record.Ticks = ticks;
        record.Kind = TelemetryKind.Metric;
        record.Instance = instance;
        record.Name = MetricNames.All[metric];
        record.Value = Math.Round(value, decimals);
        if (incidentSymptom)
        {
            incidents.Label(buffer, slot, AnomalyTypes.MetricSpike);
        }
        else if (spiked)
        {
            PointAnomalyInjector.Label(buffer, slot, AnomalyTypes.MetricSpike);
        }
    }
}
