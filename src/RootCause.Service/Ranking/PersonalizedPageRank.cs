using AnomalyPlatform.RootCause.Incidents;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// A random walk on the anomalous subgraph in the style of MicroRCA (Wu et al., NOMS 2020) and CloudRanger
/// (Wang et al., CCGrid 2018): the walker mostly follows caller → callee edges towards the more anomalous callee,
/// because a fault travels from a callee up to its callers; it steps back to a caller with a small weight, so it can
/// leave a healthy-looking branch; a service that calls no anomalous service keeps the walker (self-loop), which makes
/// the most downstream anomalous service the sink where probability gathers. Teleports follow the personalization
/// vector (each service's anomaly mass).
/// </summary>
public static class PersonalizedPageRank
{
    /// <summary>Weight of a callee → caller step relative to a caller → callee step (CloudRanger's backward edge).</summary>
    public const double BackwardWeight = 0.2;

    private const int MaxIterations = 200;
    private const double Tolerance = 1e-12;

    /// <summary>Stationary probabilities of <paramref name="services"/>, which sum to 1.</summary>
    /// <param name="severity">Each service's anomaly mass (non-negative), in the order of <paramref name="services"/>.</param>
    public static double[] Compute(IReadOnlyList<string> services, ReadOnlySpan<double> severity, ServiceGraph graph, double damping)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(graph);
        var n = services.Count;
        if (severity.Length != n)
        {
            throw new ArgumentException("One severity per service is needed.", nameof(severity));
        }

        if (n == 0)
        {
            return [];
        }

        var personalization = Normalise(severity.ToArray(), n);
        var transition = BuildTransition(services, personalization, graph);

        var rank = (double[])personalization.Clone();
        var next = new double[n];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (var v = 0; v < n; v++)
            {
                next[v] = (1 - damping) * personalization[v];
            }

            for (var u = 0; u < n; u++)
            {
                var row = u * n;
                var rowSum = 0.0;
                for (var v = 0; v < n; v++)
                {
                    rowSum += transition[row + v];
                }

                if (rowSum == 0)
                {
                    // A service with no edge at all teleports, as in the standard treatment of dangling nodes.
                    for (var v = 0; v < n; v++)
                    {
                        next[v] += damping * rank[u] * personalization[v];
                    }

                    continue;
                }

                for (var v = 0; v < n; v++)
                {
                    next[v] += damping * rank[u] * transition[row + v] / rowSum;
                }
            }

            var change = 0.0;
            for (var v = 0; v < n; v++)
            {
                change += Math.Abs(next[v] - rank[v]);
            }

            (rank, next) = (next, rank);
            if (change < Tolerance)
            {
                break;
            }
        }

        return rank;
    }

    private static double[] BuildTransition(IReadOnlyList<string> services, double[] weight, ServiceGraph graph)
    {
        var n = services.Count;
        var transition = new double[n * n];
        for (var u = 0; u < n; u++)
        {
            var callsAnomalous = false;
            for (var v = 0; v < n; v++)
            {
                if (u == v)
                {
                    continue;
                }

                // A callee without anomaly mass (a service known only as the parent of orphans) does not pull the walker.
                if (graph.Calls(services[u], services[v]) && weight[v] > 0)
                {
                    transition[u * n + v] += weight[v];
                    callsAnomalous = true;
                }

                if (graph.Calls(services[v], services[u]))
                {
                    transition[u * n + v] += BackwardWeight * weight[v];
                }
            }

            if (!callsAnomalous)
            {
                transition[u * n + u] += weight[u];
            }
        }

        return transition;
    }

    private static double[] Normalise(double[] values, int n)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += Math.Max(0, value);
        }

        for (var i = 0; i < n; i++)
        {
            values[i] = sum > 0 ? Math.Max(0, values[i]) / sum : 1.0 / n;
        }

        return values;
    }
}
