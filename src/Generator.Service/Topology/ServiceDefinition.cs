namespace AnomalyPlatform.Generator;

/// <summary>One service of the simulated estate: its instances, operations, resource profile and downstream calls.</summary>
/// <param name="Instances">Number of instances (hosts/pods), named <c>{Name}-1</c>, <c>{Name}-2</c>, ...</param>
/// <param name="Operations">Span operation names; a request picks one.</param>
/// <param name="SelfLatencyMs">Median time the service spends itself per call, children excluded.</param>
/// <param name="ErrorProbability">Base probability that a call fails here (normal, unlabelled errors).</param>
/// <param name="CpuBasePercent">CPU use of an idle instance.</param>
/// <param name="CpuPercentPerRps">Extra CPU percent per request per second handled by one instance.</param>
/// <param name="MemoryBaseMb">Typical resident memory of one instance.</param>
/// <param name="Calls">Downstream calls a request may make from here; together they must form a DAG.</param>
public sealed record ServiceDefinition(
    string Name,
    int Instances,
    IReadOnlyList<string> Operations,
    double SelfLatencyMs,
    double ErrorProbability,
    double CpuBasePercent,
    double CpuPercentPerRps,
    double MemoryBaseMb,
    IReadOnlyList<ServiceCall> Calls);

/// <summary>A call from one service to a callee, made with <paramref name="Probability"/> when the request's route is in <paramref name="RouteMask"/>.</summary>
/// <param name="RouteMask">Bit i set = the call happens on route i of <see cref="ServiceTopology.Routes"/>; all bits = every route.</param>
public sealed record ServiceCall(string Callee, double Probability, int RouteMask = ServiceCall.AllRoutes)
{
    public const int AllRoutes = -1;
}

/// <summary>A kind of user request entering at the entry service (home page, search, checkout ...).</summary>
/// <param name="Weight">Relative share of traffic.</param>
/// <param name="EntryOperation">Operation name of the entry span.</param>
public sealed record TrafficRoute(string Name, double Weight, string EntryOperation);
