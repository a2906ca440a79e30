namespace AnomalyPlatform.Cli.Distributed;

/// <summary>One service the distributed run starts: its log prefix and its entry assembly.</summary>
internal sealed record ServiceDefinition(string Name, string AssemblyFile)
{
    /// <summary>The service's dll beside the CLI's own; the CLI references every service so the build copies them there.</summary>
    public string AssemblyPath => Path.Combine(AppContext.BaseDirectory, AssemblyFile);

    public string RuntimeConfigPath => Path.ChangeExtension(AssemblyPath, ".runtimeconfig.json");
}

/// <summary>The services of a distributed run, in start order (consumers first, so their queues exist before the generator publishes).</summary>
internal static class ServiceCatalog
{
    public static readonly ServiceDefinition RootCause = new("rootcause", "AnomalyPlatform.RootCause.Service.dll");
    public static readonly ServiceDefinition Detector = new("detector", "AnomalyPlatform.Detector.Service.dll");
    public static readonly ServiceDefinition Generator = new("generator", "AnomalyPlatform.Generator.Service.dll");

    public static IReadOnlyList<ServiceDefinition> All { get; } = [RootCause, Detector, Generator];

    /// <summary>
    /// The processes of a run with <paramref name="detectors"/> detector instances competing for the segment queue,
    /// named <c>detector-1</c>, <c>detector-2</c>, ... in the log when there are several.
    /// </summary>
    public static IReadOnlyList<ServiceDefinition> ForRun(int detectors)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(detectors);
        var detectorInstances = detectors == 1
            ? [Detector]
            : Enumerable.Range(1, detectors).Select(instance => Detector with { Name = $"{Detector.Name}-{instance}" });
        return [RootCause, .. detectorInstances, Generator];
    }

    /// <summary>Whether <paramref name="service"/> is one of the run's detector instances.</summary>
    public static bool IsDetector(ServiceDefinition service) => service.AssemblyFile == Detector.AssemblyFile;

    /// <summary>A message per service that cannot be started from this folder; empty when all can.</summary>
    public static IEnumerable<string> Missing() => All
        .Where(service => !File.Exists(service.AssemblyPath) || !File.Exists(service.RuntimeConfigPath))
        .Select(service => $"{service.AssemblyFile} (with its .runtimeconfig.json) is not in {AppContext.BaseDirectory}; " +
                           "build the CLI project, which references the three services so that their assemblies are copied beside it.");
}
