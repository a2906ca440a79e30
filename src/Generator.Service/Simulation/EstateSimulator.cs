namespace AnomalyPlatform.Generator;

/// <summary>
/// Simulates the estate one minute at a time: traced requests (spans and their logs), background logs, base-rate
/// events, the running incident's and the standalone anomalies' own records, then every instance's metrics. Traffic,
/// incidents, trace ids and standalone anomalies each draw from their own seeded stream.
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
    private readonly IncidentInjector _incidents;
    private readonly PointAnomalyInjector _points;
    private readonly AnomalyLedger _ledger;
    private readonly double[] _routeWeights;
    private readonly long _startTicks;
    private long _interval;

    public EstateSimulator(GeneratorOptions options, ServiceTopology topology)
    {
        _topology = topology;
        var seed = options.Seed;
        _traffic = SeededRandom.ForStream(seed, 1);
        _startTicks = Ticks.FloorMs(StartOf(options).Ticks);
        Incidents = new IncidentRegistry(topology);
        _ledger = new AnomalyLedger(options.ErrorRate, options.AnomalyRate);
        _trafficModel = new TrafficModel(_traffic);
        _logs = new LogCatalog(topology, _traffic);
        _events = new EventCatalog(topology, _traffic);
        _incidents = new IncidentInjector(options, topology, SeededRandom.ForStream(seed, 2), Incidents, _startTicks);
        _points = new PointAnomalyInjector(topology, SeededRandom.ForStream(seed, 4));
        _traces = new TraceSimulator(topology, _traffic, new TraceIds(SeededRandom.ForStream(seed, 3)), _logs, _incidents, _points);
        _metrics = new MetricSimulator(topology, _traffic, _incidents, _points);
        _routeWeights = topology.Routes.Select(r => r.Weight).ToArray();
    }

    public IncidentRegistry Incidents { get; }

    /// <summary>The records emitted so far against the two rates.</summary>
    public AnomalyLedger Ledger => _ledger;

    /// <summary>The current interval's records, sorted by time; valid until the next <see cref="SimulateNextInterval"/>.</summary>
    public IntervalBuffer Buffer { get; } = new();

    public void SimulateNextInterval()
    {
        var start = _startTicks + _interval * IntervalTicks;
        Buffer.Begin();
        var load = _trafficModel.NextIntervalLoad(new DateTime(start, DateTimeKind.Utc));
        var requests = _trafficModel.SampledRequests(load);
        _incidents.BeginInterval(Buffer, start, _ledger, requests);
        _points.BeginInterval(start, _incidents.IsQuiet(start), _ledger, _incidents.QuietIntervalsLeft(start));

        for (var r = 0; r < requests; r++)
        {
            var route = _traffic.PickWeighted(_routeWeights);
            var requestStart = start + (long)(_traffic.NextDouble() * IntervalTicks);
            _traces.SimulateRequest(Buffer, requestStart, route, load);
        }

        for (var instance = 0; instance < _topology.InstanceCount; instance++)
        {
            _logs.EmitBackgroundLogs(Buffer, instance, start, IntervalTicks);
            _events.EmitBaseEvents(Buffer, instance, start, IntervalTicks);
        }

        _incidents.WriteIntervalRecords(Buffer, start);
        _points.WriteIntervalRecords(Buffer);
        _metrics.Emit(Buffer, start, load);
        _incidents.EndInterval(start + IntervalTicks);

        Buffer.Finish(start + IntervalTicks);
        _ledger.Count(Buffer);
        _interval++;
    }

    /// <summary>The simulated time the run starts at, in UTC (a start without a kind is taken as UTC).</summary>
    public static DateTime StartOf(GeneratorOptions options) => options.StartTime.Kind switch
    {
        DateTimeKind.Utc => options.StartTime,
        DateTimeKind.Local => options.StartTime.ToUniversalTime(),
        _ => DateTime.SpecifyKind(options.StartTime, DateTimeKind.Utc),
    };
}
