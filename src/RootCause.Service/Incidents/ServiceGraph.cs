using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>The caller → callee dependency graph learned from trace spans, with call counts.</summary>
public sealed class ServiceGraph
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    private readonly Dictionary<string, Dictionary<string, long>> _callees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _callers = new(StringComparer.Ordinal);

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

    /// <summary>True when one of the two services calls the other.</summary>
    public bool AreAdjacent(string a, string b) =>
        (_callees.TryGetValue(a, out var fromA) && fromA.ContainsKey(b))
        || (_callees.TryGetValue(b, out var fromB) && fromB.ContainsKey(a));

    /// <summary>True when <paramref name="caller"/> calls <paramref name="callee"/>.</summary>
    public bool Calls(string caller, string callee) =>
        _callees.TryGetValue(caller, out var callees) && callees.ContainsKey(callee);

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
