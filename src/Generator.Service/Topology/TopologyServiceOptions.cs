namespace AnomalyPlatform.Generator;

/// <summary>One service of a configured topology (<c>Generator:Topology:Services:i</c>); see <see cref="ServiceDefinition"/>.</summary>
public sealed class TopologyServiceOptions
{
    public const int MaxInstances = 100;

    /// <summary>Unique service name (required); instances are named <c>{Name}-1</c>, <c>{Name}-2</c>, ...</summary>
    public string? Name { get; set; }

    /// <summary>Instances (hosts/pods), 1 to 100. Default 2.</summary>
    public int Instances { get; set; } = 2;

    /// <summary>Span operation names; default <c>["handle"]</c>.</summary>
    public List<string> Operations { get; set; } = [];

    /// <summary>Median own time per call in ms, children excluded; above 0, at most 60000. Default 5.</summary>
    public double SelfLatencyMs { get; set; } = 5;

    /// <summary>Base probability that a call fails here (normal, unlabelled failures), 0 to 1. Default 0.002.</summary>
    public double ErrorProbability { get; set; } = 0.002;

    /// <summary>CPU % of an idle instance, 0 to 100. Default 5.</summary>
    public double CpuBasePercent { get; set; } = 5;

    /// <summary>Extra CPU % per request per second on one instance, 0 to 100. Default 2.</summary>
    public double CpuPercentPerRps { get; set; } = 2;

    /// <summary>Typical resident memory of one instance in MB, above 0, at most 1048576. Default 300.</summary>
    public double MemoryBaseMb { get; set; } = 300;

    /// <summary>Downstream calls, made one after another in this order.</summary>
    public List<TopologyCallOptions> Calls { get; set; } = [];
}
