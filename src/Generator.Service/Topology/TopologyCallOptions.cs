namespace AnomalyPlatform.Generator;

/// <summary>A call from the enclosing service to <see cref="Callee"/> (<c>Generator:Topology:Services:i:Calls:j</c>).</summary>
public sealed class TopologyCallOptions
{
    /// <summary>Name of the called service (required); together the calls must form a DAG.</summary>
    public string? Callee { get; set; }

    /// <summary>Probability that a request passing through the caller makes this call, 0 to 1. Default 1.</summary>
    public double Probability { get; set; } = 1.0;

    /// <summary>Names of the routes on which the call happens; empty = every route.</summary>
    public List<string> Routes { get; set; } = [];
}
