namespace AnomalyPlatform.Generator;

/// <summary>
/// Simulates the estate one minute at a time: traced requests (spans and their logs), background logs, base-rate
/// events, injected faults, then every instance's metrics. Each random purpose draws from its own seeded stream, so
/// changing a fault rate leaves the normal traffic of the run unchanged.
/// </summary>
internal sealed class EstateSimulator
{
    /// <summary>Length of one interval: the metric period and the unit of simulation.</summary>
    public static readonly long IntervalTicks = TimeSpan.FromMinutes(1).Ticks;

    private readonly ServiceTopology _topology;
    private readonly SeededRandom _traffic;
    private readonly TrafficModel _trafficModel;
    private readonly TraceSimulator _traces;
    private readonly LogCatalog _logs;
    private readonly EventCatalog _events;
    private readonly MetricSimulator _metrics;
    private readonly FaultInjector _faults;
    private readonly double[] _routeWeights;
    private readonly long _startTicks;
    private long _interval;
    private long _recordsSoFar;
    private long _normalLogsSoFar;
    private int _lastIntervalRecords = 500;

    public EstateSimulator(GeneratorOptions options, ServiceTopology topology)
    {
        _topology = topology;
        var seed = options.Seed;
        _traffic = SeededRandom.ForStream(seed, 1);
        var faultRandom = SeededRandom.ForStream(seed, 2);
        Incidents = new IncidentRegistry(topology);
        _trafficModel = new TrafficModel(_traffic);
        _logs = new LogCatalog(topology, _traffic);
        _events = new EventCatalog(topology, _traffic);
        _faults = new FaultInjector(options, topology, faultRandom, Incidents,
            new LogCatalog(topology, faultRandom), new EventCatalog(topology, faultRandom));
        _traces = new TraceSimulator(topology, _traffic, new TraceIds(SeededRandom.ForStream(seed, 3)), _logs, _faults);
        _metrics = new MetricSimulator(topology, _traffic, _faults);
        _routeWeights = topology.Routes.Select(r => r.Weight).ToArray();
        _startTicks = Ticks.FloorMs(ToUtc(options.StartTime).Ticks);
    }

    public IncidentRegistry Incidents { get; }

    /// <summary>The current interval's records, sorted by time; valid until the next <see cref="SimulateNextInterval"/>.</summary>
    public IntervalBuffer Buffer { get; } = new();

    public FaultInjector Faults => _faults;

    public void SimulateNextInterval()
    {
        var start = _startTicks + _interval * IntervalTicks;
        Buffer.Begin();
        var load = _trafficModel.NextIntervalLoad(new DateTime(start, DateTimeKind.Utc));
        _faults.BeginInterval(start, _recordsSoFar, _lastIntervalRecords);

        var normalLogs = 0;
        var requests = _trafficModel.SampledRequests(load);
        for (var r = 0; r < requests; r++)
        {
            var route = PickRoute();
            var requestStart = start + (long)(_traffic.NextDouble() * IntervalTicks);
            normalLogs += _traces.SimulateRequest(Buffer, requestStart, route, load);
        }

        for (var instance = 0; instance < _topology.InstanceCount; instance++)
        {
            normalLogs += _logs.EmitBackgroundLogs(Buffer, instance, start, IntervalTicks);
            _events.EmitBaseEvents(Buffer, instance, start, IntervalTicks);
        }

        _normalLogsSoFar += normalLogs;
        _faults.InjectErrorBursts(Buffer, start, IntervalTicks, _normalLogsSoFar, normalLogs);
        _faults.InjectNoisyEvents(Buffer, start);
        _metrics.Emit(Buffer, start, load);
        _faults.EndInterval();

        Buffer.Finish(start + IntervalTicks);
        _lastIntervalRecords = Buffer.Count;
        _recordsSoFar += Buffer.Count;
        _interval++;
    }

    private int PickRoute()
    {
        var total = 0.0;
        foreach (var weight in _routeWeights)
        {
            total += weight;
        }

        var target = _traffic.NextDouble() * total;
        for (var i = 0; i < _routeWeights.Length; i++)
        {
            target -= _routeWeights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return _routeWeights.Length - 1;
    }

    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
