using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// Which services each service's requests reach, from the run's calls between operations (<see cref="OperationEdge"/>):
/// from every operation a service is entered by, along the operations those requests call, and theirs. Finer than the
/// service graph's reach: a caller that uses one of a callee's operations does not depend on what the callee's other
/// operations call.
/// </summary>
public sealed class OperationGraph
{
    private readonly Dictionary<(string Service, string Operation), HashSet<(string Service, string Operation)>> _calls = [];
    private readonly Dictionary<string, List<string>> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _below = new(StringComparer.Ordinal);

    public OperationGraph(IEnumerable<OperationEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        foreach (var edge in edges)
        {
            var caller = (edge.CallerService, edge.CallerOperation);
            if (!_calls.TryGetValue(caller, out var callees))
            {
                _calls[caller] = callees = [];
                if (!_entries.TryGetValue(edge.CallerService, out var operations))
                {
                    _entries[edge.CallerService] = operations = [];
                }

                operations.Add(edge.CallerOperation);
            }

            callees.Add((edge.CalleeService, edge.CalleeOperation));
        }
    }

    /// <summary>The services <paramref name="service"/>'s requests reach, directly or further down; never the service itself.</summary>
    public IReadOnlySet<string> ServicesBelow(string service)
    {
        if (_below.TryGetValue(service, out var below))
        {
            return below;
        }

        below = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        var pending = new Stack<(string Service, string Operation)>();
        foreach (var operation in _entries.GetValueOrDefault(service) ?? [])
        {
            pending.Push((service, operation));
        }

        while (pending.Count > 0)
        {
            if (!_calls.TryGetValue(pending.Pop(), out var callees))
            {
                continue;
            }

            foreach (var callee in callees)
            {
                if (seen.Add(callee))
                {
                    below.Add(callee.Service);
                    pending.Push(callee);
                }
            }
        }

        below.Remove(service);
        _below[service] = below;
        return below;
    }
}
