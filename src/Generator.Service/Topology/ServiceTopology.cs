namespace AnomalyPlatform.Generator;

/// <summary>
/// The simulated estate: services, their instances, traffic routes and the call graph, validated to be a DAG.
/// Also precomputes what the simulation needs per service (expected visits per request, expected latency and error
/// rate including downstream calls) so that metrics agree with the spans drawn from the same model.
/// </summary>
public sealed class ServiceTopology
{
    private readonly int[][] _callees;
    private readonly int[][] _callers;

    /// <summary>Builds and validates a topology; throws <see cref="ArgumentException"/> on unknown callees or a call cycle.</summary>
    public ServiceTopology(IReadOnlyList<ServiceDefinition> services, IReadOnlyList<TrafficRoute> routes, string entryService)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(routes);
        if (services.Count == 0 || routes.Count == 0 || routes.Count > 31)
        {
            throw new ArgumentException("A topology needs at least one service and between 1 and 31 routes.");
        }

        Services = services;
        Routes = routes;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].Instances < 1 || !index.TryAdd(services[i].Name, i))
            {
                throw new ArgumentException($"Service '{services[i].Name}' is duplicated or has no instance.");
            }
        }

        EntryService = index.TryGetValue(entryService, out var entry)
            ? entry
            : throw new ArgumentException($"Entry service '{entryService}' is not in the topology.");

        _callees = new int[services.Count][];
        var callers = new List<int>[services.Count];
        for (var i = 0; i < services.Count; i++)
        {
            callers[i] = [];
        }

        var edges = new List<(string, string)>();
        for (var i = 0; i < services.Count; i++)
        {
            var calls = services[i].Calls;
            _callees[i] = new int[calls.Count];
            for (var c = 0; c < calls.Count; c++)
            {
                if (!index.TryGetValue(calls[c].Callee, out var callee))
                {
                    throw new ArgumentException($"Service '{services[i].Name}' calls unknown service '{calls[c].Callee}'.");
                }

                _callees[i][c] = callee;
                if (!callers[callee].Contains(i))
                {
                    callers[callee].Add(i);
                    edges.Add((services[i].Name, services[callee].Name));
                }
            }
        }

        _callers = callers.Select(list => list.ToArray()).ToArray();
        Edges = edges;
        TopologicalOrder = SortTopologically();

        InstanceNames = [];
        FirstInstance = new int[services.Count];
        var instanceService = new List<int>();
        for (var i = 0; i < services.Count; i++)
        {
            FirstInstance[i] = InstanceNames.Count;
            for (var n = 1; n <= services[i].Instances; n++)
            {
                InstanceNames.Add($"{services[i].Name}-{n}");
                instanceService.Add(i);
            }
        }

        InstanceService = instanceService.ToArray();
        ExpectedVisits = ComputeExpectedVisits();
        (ExpectedLatencyMs, ExpectedErrorRate) = ComputeDownstreamExpectations();
    }

    /// <summary>The 14-service online-shop estate used unless a caller supplies another.</summary>
    public static ServiceTopology CreateDefault() => DefaultTopology.Create();

    public IReadOnlyList<ServiceDefinition> Services { get; }

    public IReadOnlyList<TrafficRoute> Routes { get; }

    /// <summary>Index of the service every request enters through.</summary>
    public int EntryService { get; }

    /// <summary>Distinct caller → callee edges of the call graph.</summary>
    public IReadOnlyList<(string Caller, string Callee)> Edges { get; }

    /// <summary>Service indices with every caller before its callees (exists because the graph is a DAG).</summary>
    public IReadOnlyList<int> TopologicalOrder { get; }

    /// <summary>Every instance name, grouped by service in service order; a global instance index points in here.</summary>
    public List<string> InstanceNames { get; }

    /// <summary>Global index of each service's first instance.</summary>
    public int[] FirstInstance { get; }

    /// <summary>Service index of each global instance index.</summary>
    public int[] InstanceService { get; }

    /// <summary>Expected calls reaching each service per entry request (route-weighted).</summary>
    public double[] ExpectedVisits { get; }

    /// <summary>Expected median duration of a call to each service, downstream calls included (ms).</summary>
    public double[] ExpectedLatencyMs { get; }

    /// <summary>Expected fraction of failed calls at each service, failures propagated from callees included.</summary>
    public double[] ExpectedErrorRate { get; }

    public int InstanceCount => InstanceNames.Count;

    /// <summary>Services called by <paramref name="service"/>, aligned with its <see cref="ServiceDefinition.Calls"/>.</summary>
    public ReadOnlySpan<int> CalleesOf(int service) => _callees[service];

    /// <summary>Services that call <paramref name="service"/> directly.</summary>
    public ReadOnlySpan<int> CallersOf(int service) => _callers[service];

    /// <summary>Probability that a child failure makes the calling span fail too (the rest are retried or tolerated).</summary>
    internal const double ErrorPropagationProbability = 0.6;

    /// <summary>Mean network gap between a parent's and a child's span boundaries (ms).</summary>
    internal const double NetworkGapMs = 0.85;

    private int[] SortTopologically()
    {
        var inDegree = new int[Services.Count];
        foreach (var callees in _callees)
        {
            foreach (var callee in callees.Distinct())
            {
                inDegree[callee]++;
            }
        }

        var ready = new Queue<int>(Enumerable.Range(0, Services.Count).Where(i => inDegree[i] == 0));
        var order = new List<int>(Services.Count);
        while (ready.Count > 0)
        {
            var next = ready.Dequeue();
            order.Add(next);
            foreach (var callee in _callees[next].Distinct())
            {
                if (--inDegree[callee] == 0)
                {
                    ready.Enqueue(callee);
                }
            }
        }

        if (order.Count != Services.Count)
        {
            var cycle = CallGraphCycle.Find(Services.Select(s => s.Name).ToArray(), _callees) ?? [];
            throw new ArgumentException($"The call graph has a cycle: {string.Join(" -> ", cycle)}.");
        }

        return order.ToArray();
    }

    private double[] ComputeExpectedVisits()
    {
        var visits = new double[Services.Count];
        var totalWeight = Routes.Sum(r => r.Weight);
        for (var route = 0; route < Routes.Count; route++)
        {
            var perRoute = new double[Services.Count];
            perRoute[EntryService] = 1.0;
            foreach (var service in TopologicalOrder)
            {
                var calls = Services[service].Calls;
                for (var c = 0; c < calls.Count; c++)
                {
                    if ((calls[c].RouteMask & (1 << route)) != 0)
                    {
                        perRoute[_callees[service][c]] += perRoute[service] * calls[c].Probability;
                    }
                }
            }

            for (var s = 0; s < visits.Length; s++)
            {
                visits[s] += perRoute[s] * Routes[route].Weight / totalWeight;
            }
        }

        return visits;
    }

    private (double[] Latency, double[] Errors) ComputeDownstreamExpectations()
    {
        var latency = new double[Services.Count];
        var errors = new double[Services.Count];
        var totalWeight = Routes.Sum(r => r.Weight);
        for (var i = TopologicalOrder.Count - 1; i >= 0; i--)
        {
            var service = TopologicalOrder[i];
            var definition = Services[service];
            double downstream = 0, childFailure = 0;
            for (var c = 0; c < definition.Calls.Count; c++)
            {
                var call = definition.Calls[c];
                // Route-restricted calls only happen on a share of the traffic that reaches this service.
                var share = call.RouteMask == ServiceCall.AllRoutes
                    ? 1.0
                    : Enumerable.Range(0, Routes.Count).Where(r => (call.RouteMask & (1 << r)) != 0).Sum(r => Routes[r].Weight) / totalWeight;
                var callee = _callees[service][c];
                downstream += share * call.Probability * (latency[callee] + 2 * NetworkGapMs);
                childFailure += share * call.Probability * errors[callee] * ErrorPropagationProbability;
            }

            latency[service] = definition.SelfLatencyMs + downstream;
            errors[service] = Math.Min(1.0, definition.ErrorProbability + childFailure);
        }

        return (latency, errors);
    }
}
