using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>The caller → callee dependency graph learned from trace spans, with call counts.</summary>
public sealed class ServiceGraph
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    private readonly Dictionary<string, Dictionary<string, long>> _callees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _callers = new(StringComparer.Ordinal);

    // Filled lazily; a graph is built and used by one analysis at a time.
    private readonly Dictionary<string, Dictionary<string, int>> _hopsFrom = new(StringComparer.Ordinal);

    public ServiceGraph(IEnumerable<ServiceEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        foreach (var edge in edges)
        {
            // A self-call says nothing about where a fault travels; it would only make every service its own neighbour.
            if (edge.Calls <= 0 || string.Equals(edge.Caller, edge.Callee, StringComparison.Ordinal))
            {
                continue;
            }

            Add(_callees, edge.Caller, edge.Callee, edge.Calls);
            Add(_callers, edge.Callee, edge.Caller, edge.Calls);
        }
    }

    /// <summary>Services <paramref name="service"/> calls, with call counts.</summary>
    public IReadOnlyDictionary<string, long> CalleesOf(string service) =>
        _callees.TryGetValue(service, out var callees) ? callees : None;

    /// <summary>Services that call <paramref name="service"/>, with call counts.</summary>
    public IReadOnlyDictionary<string, long> CallersOf(string service) =>
        _callers.TryGetValue(service, out var callers) ? callers : None;

    /// <summary>True when <paramref name="service"/> calls or is called by another service.</summary>
    public bool Knows(string service) => _callees.ContainsKey(service) || _callers.ContainsKey(service);

    /// <summary>True when one of the two services calls the other.</summary>
    public bool AreAdjacent(string a, string b) =>
        (_callees.TryGetValue(a, out var fromA) && fromA.ContainsKey(b))
        || (_callees.TryGetValue(b, out var fromB) && fromB.ContainsKey(a));

    /// <summary>
    /// Number of edges on the shortest path between two services, ignoring call direction (0 for the same service), or
    /// <see cref="int.MaxValue"/> when they are not connected. A fault travels several hops up a call chain, and a
    /// service whose spans were lost may show no anomaly of its own, so grouping asks for a path, not a direct edge.
    /// </summary>
    public int Hops(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        if (!_hopsFrom.TryGetValue(a, out var distances))
        {
            distances = BreadthFirst(a);
            _hopsFrom[a] = distances;
        }

        return distances.TryGetValue(b, out var hops) ? hops : int.MaxValue;
    }

    /// <summary>True when <paramref name="caller"/> calls <paramref name="callee"/>.</summary>
    public bool Calls(string caller, string callee) =>
        _callees.TryGetValue(caller, out var callees) && callees.ContainsKey(callee);

    private Dictionary<string, int> BreadthFirst(string from)
    {
        var distances = new Dictionary<string, int>(StringComparer.Ordinal) { [from] = 0 };
        var queue = new Queue<string>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            var service = queue.Dequeue();
            var next = distances[service] + 1;
            foreach (var neighbour in CalleesOf(service).Keys.Concat(CallersOf(service).Keys))
            {
                if (distances.TryAdd(neighbour, next))
                {
                    queue.Enqueue(neighbour);
                }
            }
        }

        return distances;
    }

    private static void Add(Dictionary<string, Dictionary<string, long>> map, string from, string to, long calls)
    {
        if (!map.TryGetValue(from, out var targets))
        {
            targets = new Dictionary<string, long>(StringComparer.Ordinal);
            map[from] = targets;
        }

        targets[to] = targets.GetValueOrDefault(to) + calls;
    }
}
