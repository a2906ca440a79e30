using Microsoft.Extensions.Configuration;

namespace AnomalyPlatform.AppHost;

/// <summary>
/// What the AppHost reads from its own configuration (appsettings.json, environment, <c>dotnet run -- --Key=value</c>)
/// before it names the resources: where runs are written, how the services reach SQS, ports and replica count.
/// </summary>
internal sealed record PlatformSettings(
    string OutputDirectory,
    string QueuePrefix,
    bool UseEmulator,
    int EmulatorPort,
    string? AwsRegion,
    ServicePorts Ports,
    int DetectorReplicas)
{
    public static PlatformSettings From(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // The AppHost project sits in src/AppHost; a relative Output:Directory is taken from the repository root, like the CLI's.
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
        // The detectors accept this key in their own configuration (DetectorSectionKeysValidator): they may inherit it.
        var replicas = configuration.GetValue("Detector:Replicas", 2);
        if (replicas < 1)
        {
            throw new InvalidOperationException($"Detector:Replicas must be at least 1 (it is {replicas}).");
        }

        return new PlatformSettings(
            Path.GetFullPath(configuration["Output:Directory"] ?? Path.Combine("outputs", "apphost"), repositoryRoot),
            configuration["Messaging:Sqs:QueuePrefix"] ?? "anomaly-local-",
            configuration.GetValue("Aws:UseEmulator", true),
            configuration.GetValue("Emulator:Port", 4566),
            configuration["Aws:Region"],
            new ServicePorts(
                configuration.GetValue("Ports:Generator", 5180),
                configuration.GetValue("Ports:Detector", 5181),
                configuration.GetValue("Ports:RootCause", 5182)),
            replicas);
    }
}

/// <summary>The fixed HTTP ports of the services (a proxy in front of the detector replicas).</summary>
internal sealed record ServicePorts(int Generator, int Detector, int RootCause);
