namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// How much of each service's behaviour change is its own. A change travels from a callee up to its callers: a method
/// that throws makes every caller on the path handle an error, so their call patterns and log lines change too. A
/// service's change is discounted by the strongest own change among the services its requests reach
/// (<see cref="OperationGraph.ServicesBelow"/>): own = change × (1 − strongest own change below). Both are 0..1, so a
/// decisive change below explains a caller away and an unchanged one leaves it whole; the lowest changed service keeps
/// its score. Own, not raw, below: a service that only passes on a change from further down explains its callers only
/// if that further service lies below them too.
/// </summary>
public static class BehaviourPropagation
{
    /// <summary>A service's own change, and the service below it whose own change discounted it (null: none did).</summary>
    public readonly record struct OwnChange(double Score, string? Below);

    public static Dictionary<string, OwnChange> OwnShare(Dictionary<string, double> behaviour, OperationGraph graph)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentNullException.ThrowIfNull(graph);
        var services = behaviour.Keys.Order(StringComparer.Ordinal).ToArray();
        var below = services.Select(s => services.Where(graph.ServicesBelow(s).Contains).ToArray()).ToArray();
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
}
