namespace AnomalyPlatform.Deploy;

/// <summary>The platform services the stack runs, one Fargate service each.</summary>
public enum ServiceId
{
    Generator,
    Detector,
    RootCause,
}

/// <summary>Names of a <see cref="ServiceId"/> in resources, context keys and telemetry.</summary>
public static class ServiceIdNames
{
    public static IReadOnlyList<ServiceId> All { get; } = [ServiceId.Generator, ServiceId.Detector, ServiceId.RootCause];

    /// <summary><c>generator</c>, <c>detector</c>, <c>rootcause</c>: as the Aspire AppHost names the resources (and OTEL_SERVICE_NAME).</summary>
    public static string Name(this ServiceId service) => service switch
    {
        ServiceId.Generator => "generator",
        ServiceId.Detector => "detector",
        ServiceId.RootCause => "rootcause",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };

    /// <summary>The service's entry assembly in its image (<c>/app</c>), as the Dockerfiles' ENTRYPOINT names it.</summary>
    public static string AssemblyFile(this ServiceId service) => service switch
    {
        ServiceId.Generator => "AnomalyPlatform.Generator.Service.dll",
        ServiceId.Detector => "AnomalyPlatform.Detector.Service.dll",
        ServiceId.RootCause => "AnomalyPlatform.RootCause.Service.dll",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };
}
