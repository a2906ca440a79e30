namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// How much of each service's behaviour change is its own. A change travels from a callee up to its callers: a method
/// that throws makes every caller on the path handle an error, so their call patterns and log lines change too. A
/// service's change is discounted by the strongest own change among the services its requests reach
/// (<see cref="OperationGraph.ServicesBelow"/>): own = change × (1 − strongest own change below). Both are 0..1, so a
/// decisive change below explains a caller away and an unchanged one leaves it whole; the lowest changed service keeps
/// its score. Own, not raw, below: a service that only passes on a change from further down explains its callers only
/// if that further service lies below them too. A change that names the services its requests called (a call pattern,
/// <see cref="BehaviourChange.Callees"/>) is discounted only by those and what lies below them: requests that called
/// no other service, or not the changed one, did what they did on their own.
/// </summary>
public static class BehaviourPropagation
{
    /// <summary>A service's own change, and the service below it whose own change discounted it (null: none did).</summary>
    public readonly record struct OwnChange(double Score, string? Below);

    /// <param name="callees">Per service, the services its changed requests called, where its change names them; others may be explained by any service below.</param>
    public static Dictionary<string, OwnChange> OwnShare(
        Dictionary<string, double> behaviour, OperationGraph graph, IReadOnlyDictionary<string, IReadOnlyList<string>>? callees = null)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentNullException.ThrowIfNull(graph);
        var services = behaviour.Keys.Order(StringComparer.Ordinal).ToArray();
        var below = services.Select(s => services.Where(Reach(s, graph, callees).Contains).ToArray()).ToArray();
        var own = behaviour.ToDictionary(static b => b.Key, static b => new OwnChange(b.Value, null), StringComparer.Ordinal);
        // Settles from the bottom up, one level of calls a pass: as many passes as the deepest chain, at most one per
        // service (a call cycle cannot settle further).
        for (var pass = 0; pass < services.Length; pass++)
        {
            var next = new Dictionary<string, OwnChange>(services.Length, StringComparer.Ordinal);
            var settled = true;
            for (var i = 0; i < services.Length; i++)
            {
                var strongest = new OwnChange(0, null);
                foreach (var callee in below[i])
                {
                    if (own[callee].Score > strongest.Score)
                    {
                        strongest = new OwnChange(own[callee].Score, callee);
                    }
                }

                next[services[i]] = new OwnChange(behaviour[services[i]] * (1 - strongest.Score), strongest.Below);
                settled &= next[services[i]] == own[services[i]];
            }

            own = next;
            if (settled)
            {
                break;
            }
        }

        return own;
    }

    /// <summary>The services whose change could show through <paramref name="service"/>'s.</summary>
    private static IReadOnlySet<string> Reach(string service, OperationGraph graph, IReadOnlyDictionary<string, IReadOnlyList<string>>? callees)
    {
        var below = graph.ServicesBelow(service);
        if (callees?.GetValueOrDefault(service) is not { } called)
        {
            return below;
        }

        var reach = new HashSet<string>(StringComparer.Ordinal);
        foreach (var callee in called)
        {
            if (below.Contains(callee))
            {
                reach.Add(callee);
                reach.UnionWith(graph.ServicesBelow(callee));
            }
        }

        reach.Remove(service);
        return reach;
    }
}
