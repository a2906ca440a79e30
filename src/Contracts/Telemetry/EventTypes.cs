namespace AnomalyPlatform.Contracts.Telemetry;

/// <summary>
/// The event names the platform knows (<see cref="TelemetryRecord.Name"/> of a <see cref="TelemetryKind.Event"/>): what
/// the generator writes and what <c>analyze</c> reads Kubernetes' and ECS's events as. Any other name is an event too,
/// counted but no change.
/// </summary>
public static class EventTypes
{
    public const string Deploy = "deploy";
    public const string ConfigChange = "config_change";
    public const string Scale = "scale";
    public const string Restart = "restart";
    public const string HealthCheckFlap = "health_check_flap";

    /// <summary>The events that change a service, which the ranking looks for before an incident (a failing health check is a symptom, not a change).</summary>
    public static IReadOnlySet<string> Changes { get; } = new HashSet<string>(StringComparer.Ordinal) { Deploy, ConfigChange, Scale, Restart };
}
