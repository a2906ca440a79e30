namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>Message attribute names and values of the SQS wire format (version 1).</summary>
internal static class SqsWireFormat
{
    public const string ContentType = "content-type";
    public const string ContentEncoding = "content-encoding";
    public const string SchemaVersion = "schema-version";
    public const string MessageType = "message-type";
    public const string MessageId = "message-id";
    public const string TraceParent = "traceparent";

    public const string Json = "application/json";

    /// <summary>Brotli-compressed JSON, base64 in the message body.</summary>
    public const string BrotliBase64 = "br;base64";

    /// <summary>Brotli-compressed JSON in an S3 object; the body is a <see cref="ClaimCheckPointer"/>.</summary>
    public const string BrotliS3 = "br;s3";

    public const string ApproximateReceiveCount = "ApproximateReceiveCount";
}
