namespace AnomalyPlatform.Generator;

/// <summary>Finds one cycle of a call graph and spells out its path, so a configuration error can show where the loop is.</summary>
internal static class CallGraphCycle
{
    /// <summary>
    /// The first cycle met by a depth-first walk in service order, as names from a service back to itself
    /// (<c>a -&gt; b -&gt; c -&gt; a</c>), or null when the graph is a DAG.
    /// </summary>
    /// <param name="names">Service names by index.</param>
    /// <param name="callees">Callee indices of each service, in call order.</param>
    public static IReadOnlyList<string>? Find(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<int>> callees)
    {
        // 0 = not visited, 1 = on the current path, 2 = finished.
        var state = new byte[names.Count];
        var path = new List<int>();
        for (var root = 0; root < names.Count; root++)
        {
            if (state[root] == 0 && Visit(root, callees, state, path) is { } cycleStart)
            {
                var start = path.LastIndexOf(cycleStart);
                var cycle = path.Skip(start).Select(i => names[i]).ToList();
                cycle.Add(names[cycleStart]);
                return cycle;
            }
        }

        return null;
    }

    // Returns the service a back edge leads to (the cycle's start) with `path` left holding the walk to it, or null.
    private static int? Visit(int service, IReadOnlyList<IReadOnlyList<int>> callees, byte[] state, List<int> path)
    {
        state[service] = 1;
        path.Add(service);
        foreach (var callee in callees[service])
        {
            if (state[callee] == 1)
            {
                return callee;
            }

            if (state[callee] == 0 && Visit(callee, callees, state, path) is { } found)
            {
                return found;
            }
        }

        state[service] = 2;
        path.RemoveAt(path.Count - 1);
        return null;
    }
}
