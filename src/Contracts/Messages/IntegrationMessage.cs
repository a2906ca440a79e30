namespace AnomalyPlatform.Contracts.Messages;

/// <summary>Base of every message that crosses the bus: versioned, and identified for idempotent handling.</summary>
public abstract record IntegrationMessage
{
    /// <summary>Current wire version; a consumer rejects a message with a version it does not know.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The run this message belongs to; several runs may share one queue.</summary>
    public required string RunId { get; init; }

    /// <summary>Deterministic id: the same logical message always has the same id, so a redelivery is recognised.</summary>
    public abstract string MessageId { get; }
}
