namespace AnomalyPlatform.Contracts.Messages;

/// <summary>A change to a service (deploy, config change, scaling, restart) that the root-cause stage correlates with symptoms.</summary>
public sealed record ChangeEvent(long RecordId, DateTime Timestamp, string Service, string Instance, string EventType);
