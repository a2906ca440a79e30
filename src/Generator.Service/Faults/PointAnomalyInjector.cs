using AnomalyPlatform.Contracts.Telemetry;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Standalone point anomalies that top the configured rates up where incidents leave them short: small ERROR-line
/// bursts (error rate), and single metric spikes, single lost parent spans and small event floods (anomaly rate).
/// Each is isolated: one instance, seconds long, no incident id, never inside an incident's window or its margins.
/// </summary>
internal sealed class PointAnomalyInjector
{
    // Expected orphans of one lost parent span (spans with children have about two on average).
    private const double OrphansPerLostSpan = 2;

    private static readonly long IntervalTicks = EstateSimulator.IntervalTicks;
    private static readonly int[] SpikeableMetrics =
        [MetricNames.CpuPercent, MetricNames.MemoryMb, MetricNames.ErrorRate, MetricNames.LatencyP50, MetricNames.LatencyP95];

    private readonly ServiceTopology _topology;
    private readonly SeededRandom _random;
    private readonly LogCatalog _logs;
    private readonly EventCatalog _events;
    private readonly int[] _dropsArmed;
    private readonly bool[] _spikeArmed;
    private readonly double[] _tracingWeights;
    private readonly List<(int Instance, long Ticks, int Count)> _bursts = [];
    private readonly List<(int Instance, long Ticks, int Count)> _floods = [];
    private bool _anyDropArmed;

    public PointAnomalyInjector(ServiceTopology topology, SeededRandom random)
    {
        _topology = topology;
        _random = random;
        _logs = new LogCatalog(topology, random);
        _events = new EventCatalog(topology, random);
        _dropsArmed = new int[topology.InstanceCount];
        _spikeArmed = new bool[topology.InstanceCount * MetricNames.Count];
        _tracingWeights = new double[topology.Services.Count];
        for (var s = 0; s < _tracingWeights.Length; s++)
        {
            _tracingWeights[s] = topology.CalleesOf(s).Length > 0 ? topology.ExpectedVisits[s] : 0;
        }
    }

    /// <summary>Labels a record as a standalone anomaly (no incident).</summary>
    public static void Label(IntervalBuffer buffer, int slot, string anomalyType)
    {
        ref var record = ref buffer[slot];
        record.Incident = -1;
        record.AnomalyType = anomalyType;
        record.RootCause = false;
    }

    /// <summary>
    /// Plans this interval's standalone anomalies from the rates' shortfalls, spread over the quiet intervals left before
    /// the next incident (at most two, so that the rates keep up); nothing when <paramref name="quiet"/> is false.
    /// </summary>
    public void BeginInterval(long intervalStart, bool quiet, AnomalyLedger ledger, int quietIntervalsLeft)
    {
        _bursts.Clear();
        _floods.Clear();
        if (_anyDropArmed)
        {
            Array.Clear(_dropsArmed);
            _anyDropArmed = false;
        }

        Array.Clear(_spikeArmed);
        if (!quiet)
        {
            return;
        }

        var spread = Math.Clamp(quietIntervalsLeft, 1, 2);
        var errors = ledger.ErrorDeficit / spread;
        while (errors >= 1.5)
        {
            var size = Math.Min(_random.Next(3, 9), (int)Math.Ceiling(errors));
            _bursts.Add((RandomInstance(), intervalStart + (long)(_random.NextDouble() * (IntervalTicks - 15 * Ticks.PerSecond)), size));
            errors -= size;
        }

        var anomalies = ledger.AnomalyDeficit / spread;
        for (var attempt = 0; anomalies >= 0.75 && attempt < 1000; attempt++)
        {
            var draw = _random.NextDouble();
            if (draw < 0.25 && anomalies >= 3)
            {
                var count = Math.Min(_random.Next(3, 9), (int)Math.Ceiling(anomalies));
                _floods.Add((RandomInstance(), intervalStart + (long)(_random.NextDouble() * (IntervalTicks - 35 * Ticks.PerSecond)), count));
                anomalies -= count;
            }
            else if (draw < 0.55 && anomalies >= 1.5 && _random.PickWeighted(_tracingWeights) is var service and >= 0)
            {
                _dropsArmed[_topology.FirstInstance[service] + _random.Next(_topology.Services[service].Instances)]++;
                _anyDropArmed = true;
                anomalies -= OrphansPerLostSpan;
            }
            else
            {
                var slot = RandomInstance() * MetricNames.Count + SpikeableMetrics[_random.Next(SpikeableMetrics.Length)];
                if (!_spikeArmed[slot])
                {
                    _spikeArmed[slot] = true;
                    anomalies -= 1;
                }
            }
        }
    }

    /// <summary>Whether to lose the next span with children at <paramref name="instance"/> (an armed standalone missing span).</summary>
    public bool TryDropAt(int instance)
    {
        if (!_anyDropArmed || _dropsArmed[instance] == 0)
        {
            return false;
        }

        _dropsArmed[instance]--;
        return true;
    }

    /// <summary>Replaces an armed metric reading with a spike far outside its normal range.</summary>
    public bool TrySpike(int instance, int metric, double normal, out double value)
    {
        if (!_spikeArmed[instance * MetricNames.Count + metric])
        {
            value = normal;
            return false;
        }

        var expectedErrorRate = _topology.ExpectedErrorRate[_topology.InstanceService[instance]];
        value = metric switch
        {
            MetricNames.CpuPercent => Math.Min(99.5, Math.Max(normal + 40, _random.Uniform(85, 99))),
            MetricNames.MemoryMb => normal * _random.Uniform(1.6, 2.2),
            MetricNames.ErrorRate => normal + Math.Max(0.05, 4 * expectedErrorRate) * _random.Uniform(1, 2),
            _ => normal * _random.Uniform(2.5, 4),
        };
        return true;
    }

    /// <summary>Writes the planned bursts and floods.</summary>
    public void WriteIntervalRecords(IntervalBuffer buffer)
    {
        foreach (var (instance, start, count) in _bursts)
        {
            var service = _topology.InstanceService[instance];
            for (var i = 0; i < count; i++)
            {
                var (template, message) = _logs.BurstRootLine(service);
                var ticks = Ticks.FloorMs(start + (long)(_random.NextDouble() * 10 * Ticks.PerSecond));
                Label(buffer, _logs.Add(buffer, ticks, instance, LogLevel.Error, template, message, null), AnomalyTypes.ErrorLogBurst);
            }
        }

        foreach (var (instance, start, count) in _floods)
        {
            for (var i = 0; i < count; i++)
            {
                var type = _random.Chance(0.5) ? EventTypes.HealthCheckFlap : EventTypes.Restart;
                var ticks = Ticks.FloorMs(start + (long)(_random.NextDouble() * 30 * Ticks.PerSecond));
                Label(buffer, _events.Add(buffer, ticks, instance, type, null), AnomalyTypes.NoisyEvent);
            }
        }
    }

    private int RandomInstance() => _random.Next(_topology.InstanceCount);
}
