using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Decides when the next incident starts, its fault type, root-cause instance, length, size and labelled-volume plan.
/// Incidents never overlap: the next one starts at least <see cref="GeneratorOptions.IncidentSpacingMinutes"/> after the
/// last symptom of the previous one could have appeared. Fault types come from a shuffled deck, so every type appears in
/// any seven consecutive incidents. An incident starts only where the run's records are expected to last through its
/// fault: one the run would end during, or at the start of, is not started, and the rest of the run is quiet.
/// </summary>
internal sealed class IncidentScheduler
{
    /// <summary>Share of a rate's budget, over an incident and the quiet gap after it, that the incident is planned to use.</summary>
    public const double BudgetShare = 0.6;

    /// <summary>Symptoms end within seconds of the fault (timeouts, retries); one interval covers them all.</summary>
    public static readonly long TailTicks = EstateSimulator.IntervalTicks;

    // The first incident leaves the detectors a few minutes of normal baseline: it starts 3, 4 or 5 intervals in.
    private const int FirstIncidentMinMinutes = 3, FirstIncidentStartChoices = 3;

    // Intervals an incident lasts: a memory leak needs longer to grow to its OOM.
    private const int MinIntervals = 3, MaxIntervals = 6, MemoryLeakMinIntervals = 5, MemoryLeakMaxIntervals = 8;

    /// <summary>Intervals into the run at which the first incident starts at the earliest.</summary>
    public const int FirstIncidentEarliestStartIntervals = FirstIncidentMinMinutes;

    /// <summary>Intervals into the run at which the first incident starts at the latest.</summary>
    public const int FirstIncidentLatestStartIntervals = FirstIncidentMinMinutes + FirstIncidentStartChoices - 1;

    /// <summary>
    /// Intervals into the run by which the first incident, its symptoms' tail included, is over whatever is drawn: the
    /// latest start, the longest fault (a memory leak) and the tail interval.
    /// </summary>
    public const int FirstIncidentLatestEndIntervals = FirstIncidentLatestStartIntervals + MemoryLeakMaxIntervals + 1;

    private static readonly string[] Deck =
    [
        FaultTypes.CpuHog, FaultTypes.MemoryLeak, FaultTypes.LatencyInjection, FaultTypes.BadDeploy,
        FaultTypes.DependencyOutage, FaultTypes.TracingLoss, FaultTypes.EventStorm,
    ];

    private readonly ServiceTopology _topology;
    private readonly SeededRandom _random;
    private readonly IncidentRegistry _registry;
    private readonly bool _enabled;
    private readonly long _spacingTicks;
    private readonly long _records;
    private readonly int _spacingIntervals;
    private readonly string[] _deck = [.. Deck];
    private readonly double[] _tracingWeights;
    private int _deckNext = Deck.Length;

    public IncidentScheduler(GeneratorOptions options, ServiceTopology topology, SeededRandom random, IncidentRegistry registry, long runStartTicks)
    {
        _topology = topology;
        _random = random;
        _registry = registry;
        _enabled = Enabled(options);
        _spacingIntervals = options.IncidentSpacingMinutes;
        _spacingTicks = options.IncidentSpacingMinutes * EstateSimulator.IntervalTicks;
        _records = options.Records;
        NextStartTicks = _enabled
            ? runStartTicks + (FirstIncidentMinMinutes + random.Next(FirstIncidentStartChoices)) * EstateSimulator.IntervalTicks
            : long.MaxValue;
        _tracingWeights = new double[topology.Services.Count];
        for (var s = 0; s < _tracingWeights.Length; s++)
        {
            // Tracing loss is only observable where spans have children; busy services lose more spans.
            _tracingWeights[s] = topology.CalleesOf(s).Length > 0 ? topology.ExpectedVisits[s] : 0;
        }
    }

    /// <summary>
    /// Whether a run of <paramref name="options"/> has incidents at all: every fault type leaves both metric/span/event
    /// symptoms and ERROR lines, so it needs both rates above 0.
    /// </summary>
    public static bool Enabled(GeneratorOptions options) => options.ErrorRate > 0 && options.AnomalyRate > 0;

    /// <summary>The earliest start of the next incident; <see cref="long.MaxValue"/> when incidents are off.</summary>
    public long NextStartTicks { get; private set; }

    /// <summary>Starts the next incident when it is due at <paramref name="intervalStart"/>, planning its volume from <paramref name="ledger"/>.</summary>
    public Incident? TryStart(long intervalStart, AnomalyLedger ledger)
    {
        if (intervalStart < NextStartTicks)
        {
            return null;
        }

        var fault = NextFault();
        var service = fault switch
        {
            FaultTypes.TracingLoss => _random.PickWeighted(_tracingWeights) is var busy and >= 0 ? busy : _random.Next(_topology.Services.Count),
            // An outage is a callee failing its callers, so the root needs callers.
            FaultTypes.DependencyOutage => PickServiceWithCallers(),
            _ => _random.Next(_topology.Services.Count),
        };
        var instance = _topology.FirstInstance[service] + _random.Next(_topology.Services[service].Instances);
        var intervals = fault == FaultTypes.MemoryLeak
            ? _random.Next(MemoryLeakMinIntervals, MemoryLeakMaxIntervals + 1)
            : _random.Next(MinIntervals, MaxIntervals + 1);
        if (!RecordsLastThrough(intervals, ledger))
        {
            // Ground truth promises a fault the records show; the run's quiet end gets standalone anomalies instead.
            NextStartTicks = long.MaxValue;
            return null;
        }

        var interval = EstateSimulator.IntervalTicks;
        var end = intervalStart + intervals * interval;
        var cycle = intervals + _spacingIntervals + 1;
        var incident = new Incident
        {
            Index = _registry.Open(fault, service, instance, intervalStart),
            FaultType = fault,
            Service = service,
            Instance = instance,
            StartTicks = intervalStart,
            EndTicks = end,
            Intervals = intervals,
            Magnitude = fault switch
            {
                FaultTypes.CpuHog => _random.Uniform(4, 8),
                FaultTypes.LatencyInjection => _random.Uniform(150, 450),
                FaultTypes.DependencyOutage => Math.Round(_random.Uniform(1, 3)) * 1000,
                FaultTypes.MemoryLeak => _random.Uniform(0.9, 1.5),
                _ => 0,
            },
            HopsFromRoot = HopsFromRoot(service),
            HopDelayTicks = (long)(_random.Uniform(20, 60) * Ticks.PerSecond),
            // CPU contention and injected latency build up over a minute or so; the rest start at once.
            RampTicks = fault is FaultTypes.CpuHog or FaultTypes.LatencyInjection ? (long)(_random.Uniform(30, 90) * Ticks.PerSecond) : 0,
            OomTicks = fault == FaultTypes.MemoryLeak ? end - interval + (long)(_random.Uniform(10, 45) * Ticks.PerSecond) : 0,
            RestartTicks = fault == FaultTypes.MemoryLeak ? (long)(_random.Uniform(5, 15) * Ticks.PerSecond) : 0,
            // An overshoot so far (negative deficit) shrinks the plan, so the long-run rate comes back to target.
            PlannedRecords = (int)Math.Max(4, Math.Round(BudgetShare * ledger.AnomalyBudgetPerInterval * cycle + Math.Min(0, ledger.AnomalyDeficit))),
            PlannedErrorLines = (int)Math.Max(2, Math.Round(BudgetShare * ledger.ErrorBudgetPerInterval * cycle + Math.Min(0, ledger.ErrorDeficit))),
        };
        NextStartTicks = end + TailTicks + _spacingTicks + _random.Next(3) * interval;
        return incident;
    }

    /// <summary>
    /// Whether the records left, at the normal volume of recent intervals, cover <paramref name="intervals"/> more
    /// intervals (the ledger has counted every interval simulated so far; the first incident comes after three).
    /// </summary>
    private bool RecordsLastThrough(int intervals, AnomalyLedger ledger)
    {
        var left = _records - ledger.Logs - ledger.OtherRecords;
        return left >= intervals * (ledger.LogsPerInterval + ledger.OtherRecordsPerInterval);
    }

    /// <summary>Breadth-first distance from <paramref name="root"/> up through its callers.</summary>
    private int[] HopsFromRoot(int root)
    {
        var hops = new int[_topology.Services.Count];
        var frontier = new Queue<int>();
        frontier.Enqueue(root);
        while (frontier.Count > 0)
        {
            var service = frontier.Dequeue();
            foreach (var caller in _topology.CallersOf(service))
            {
                if (caller != root && hops[caller] == 0)
                {
                    hops[caller] = hops[service] + 1;
                    frontier.Enqueue(caller);
                }
            }
        }

        return hops;
    }

    private string NextFault()
    {
        if (_deckNext == _deck.Length)
        {
            // Fisher–Yates on the seeded stream.
            for (var i = _deck.Length - 1; i > 0; i--)
            {
                var j = _random.Next(i + 1);
                (_deck[i], _deck[j]) = (_deck[j], _deck[i]);
            }

            _deckNext = 0;
        }

        return _deck[_deckNext++];
    }

    private int PickServiceWithCallers()
    {
        var first = _random.Next(_topology.Services.Count);
        for (var i = 0; i < _topology.Services.Count; i++)
        {
            var service = (first + i) % _topology.Services.Count;
            if (_topology.CallersOf(service).Length > 0)
            {
                return service;
            }
        }

        return first;
    }
}
