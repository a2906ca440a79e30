namespace AnomalyPlatform.Generator;

/// <summary>A kind of request entering at the entry service (<c>Generator:Topology:Routes:i</c>); see <see cref="TrafficRoute"/>.</summary>
public sealed class TopologyRouteOptions
{
    /// <summary>Unique route name (required), used by <see cref="TopologyCallOptions.Routes"/>.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Largest <see cref="Weight"/>: shares are weight ÷ the sum of all weights, and two weights near double's limit
    /// summed to infinity, which made every share 0: no request counted in the metrics while spans kept coming.
    /// </summary>
    public const double MaxWeight = 1e9;

    /// <summary>Relative share of traffic, above 0, at most 1e9. Default 1.</summary>
    public double Weight { get; set; } = 1.0;

    /// <summary>Operation name of the entry span; default the route's name.</summary>
    public string? EntryOperation { get; set; }
}
