namespace AnomalyPlatform.Contracts.Messages;

/// <summary>The instances (pods, tasks, hosts) a service's records came from in one telemetry segment, in ordinal order.</summary>
public sealed record ServiceInstances(string Service, IReadOnlyList<string> Instances);
