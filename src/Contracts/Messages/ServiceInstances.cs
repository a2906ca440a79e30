namespace AnomalyPlatform.Contracts.Messages;

/// <summary>The instances (pods, tasks, hosts) a service's records came from in one telemetry segment, in ordinal order.</summary>
public sealed record ServiceInstances(string Service, IReadOnlyList<InstanceSeen> Instances);

/// <summary>
/// One instance and the first and last of its records: a pod replaced mid-run is one of a service's instances over the
/// run, not one running beside its successor.
/// </summary>
public sealed record InstanceSeen(string Instance, DateTime First, DateTime Last);
