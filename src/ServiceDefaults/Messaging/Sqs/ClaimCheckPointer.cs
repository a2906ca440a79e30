using System.Text.Json.Serialization;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>The body of a message whose payload was too large for SQS: where the compressed payload lies in S3.</summary>
internal sealed record ClaimCheckPointer(string Bucket, string Key, int Bytes);

[JsonSerializable(typeof(ClaimCheckPointer))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
