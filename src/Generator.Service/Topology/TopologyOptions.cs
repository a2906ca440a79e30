namespace AnomalyPlatform.Generator;

/// <summary>
/// The simulated estate, bound from <c>Generator:Topology</c>: services with their instances and calls, and the traffic
/// routes. When the section is absent the built-in 14-service shop (<see cref="ServiceTopology.CreateDefault"/>) is used,
/// and the output is the same as before the section existed. Validated at start by <see cref="TopologyOptionsValidator"/>;
/// turned into a <see cref="ServiceTopology"/> by <see cref="ConfiguredTopology"/>.
/// </summary>
/// <remarks>
/// <para>Either list the estate inline, or set <see cref="File"/> to a JSON file holding the same object (not both).
/// Only <c>Name</c> is required per service and <c>Callee</c> per call; everything else has a default.</para>
/// <para>Sample (appsettings.json; in a file, the object under <c>"Topology"</c> alone):</para>
/// <code>
/// "Generator": {
///   "Topology": {
///     "EntryService": "web",
///     "Routes": [
///       { "Name": "browse", "Weight": 0.8, "EntryOperation": "GET /" },
///       { "Name": "buy", "Weight": 0.2, "EntryOperation": "POST /order" }
///     ],
///     "Services": [
///       { "Name": "web", "Instances": 3, "Operations": [ "GET /", "POST /order" ], "SelfLatencyMs": 4,
///         "Calls": [ { "Callee": "api" } ] },
///       { "Name": "api", "Instances": 2, "SelfLatencyMs": 2,
///         "Calls": [ { "Callee": "orders", "Probability": 1.0, "Routes": [ "buy" ] },
///                    { "Callee": "cache", "Probability": 0.9 } ] },
///       { "Name": "orders", "Instances": 2, "Operations": [ "PlaceOrder" ], "SelfLatencyMs": 12, "ErrorProbability": 0.005,
///         "Calls": [ { "Callee": "db" } ] },
///       { "Name": "cache", "Instances": 2, "Operations": [ "GET", "SET" ], "SelfLatencyMs": 0.6 },
///       { "Name": "db", "Instances": 1, "Operations": [ "SELECT", "UPDATE" ], "SelfLatencyMs": 4, "MemoryBaseMb": 2400 }
///     ]
///   }
/// }
/// </code>
/// <para>Environment variables use the same keys with <c>__</c>: <c>Generator__Topology__File=/etc/estate.json</c>,
/// <c>Generator__Topology__Services__0__Name=web</c>.</para>
/// </remarks>
public sealed class TopologyOptions
{
    public const string SectionName = "Generator:Topology";

    /// <summary>Most services a topology may have.</summary>
    public const int MaxServices = 200;

    /// <summary>Most traffic routes (a call's route set is a 31-bit mask).</summary>
    public const int MaxRoutes = 31;

    /// <summary>
    /// Expected spans per traced request above which a topology is rejected: calls fan out along every path of the DAG,
    /// and a dense graph with high call probabilities would make each trace huge and generation slow.
    /// </summary>
    public const double MaxExpectedSpansPerRequest = 500;

    /// <summary>Path of a JSON file holding the topology object (relative paths are resolved against the working directory).</summary>
    public string? File { get; set; }

    /// <summary>Service every request enters through; when not set, the one service that no other service calls.</summary>
    public string? EntryService { get; set; }

    /// <summary>The services, in the order their instances and records are laid out; 1 to 200.</summary>
    public List<TopologyServiceOptions> Services { get; set; } = [];

    /// <summary>Kinds of request and their traffic shares; when empty, one route with the entry service's first operation.</summary>
    public List<TopologyRouteOptions> Routes { get; set; } = [];

    /// <summary>Problems met while binding (unknown keys, values of the wrong type), reported by the validator.</summary>
    internal List<string> BindingErrors { get; } = [];

    /// <summary>
    /// Set by binding when a value could not be bound as written (a word where a number belongs, a single value where a
    /// list belongs): the binder drops or ignores it, so checks of what was bound would report consequences, not causes.
    /// </summary>
    internal bool HasUnboundValues { get; set; }

    /// <summary>Set by binding when the section has any key, even one that failed to bind.</summary>
    internal bool SectionPresent { get; set; }

    /// <summary>True when anything of the section is set; false means "use the default estate".</summary>
    public bool IsConfigured =>
        SectionPresent || !string.IsNullOrWhiteSpace(File) || EntryService is not null || Services.Count > 0 || Routes.Count > 0;
}
