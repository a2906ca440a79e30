using System.Text.Json.Serialization;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Source-generated JSON metadata for message types outside <c>ContractsJsonContext</c> (test or extension messages);
/// register one as a singleton and the SQS wire format resolves types from it after the contracts context.
/// </summary>
public sealed record MessageSerializationContext(JsonSerializerContext Context);
