using AnomalyPlatform.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var platform = PlatformSettings.From(builder);

// Installed with npm on first use; none for real AWS (Aws:UseEmulator=false).
var emulator = platform.UseEmulator ? await builder.AddSqsEmulatorAsync("sqs-emulator", platform.EmulatorPort) : null;

var rootCause = builder.AddProject<Projects.RootCause_Service>("rootcause", launchProfileName: null)
    .WithHttpEndpoint(port: platform.Ports.RootCause, name: "http")
    .WithHttpHealthCheck("/health")
    .WithRunOutput(platform)
    .WithSqs(platform, emulator)
    .WithLlm(builder);

builder.AddProject<Projects.Generator_Service>("generator", launchProfileName: null)
    .WithHttpEndpoint(port: platform.Ports.Generator, name: "http")
    .WithHttpHealthCheck("/health")
    .WithRunOutput(platform)
    .WithSqs(platform, emulator)
    .WithRunStatusAt(rootCause)
    .WithStartRunCommand();

builder.AddProject<Projects.Detector_Service>("detector", launchProfileName: null)
    .WithHttpEndpoint(port: platform.Ports.Detector, name: "http")
    .WithReplicas(platform.DetectorReplicas)
    .WithHttpHealthCheck("/health")
    .WithRunOutput(platform)
    .WithSqs(platform, emulator);

builder.Build().Run();
