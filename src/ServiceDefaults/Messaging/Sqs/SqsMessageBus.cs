using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AnomalyPlatform.Contracts.Messages;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// The SQS adapter of the messaging port: sends a compressed copy of each message to every queue subscribed to its
/// type, through S3 when it is larger than <see cref="SqsOptions.MaxMessageBytes"/>.
/// </summary>
internal sealed class SqsMessageBus(
    SqsTopology topology,
    SqsQueueProvisioner queues,
    SqsLostQueueRecovery lostQueues,
    SqsMessageCodec codec,
    ClaimCheckStore claimCheck,
    SqsBatchSender sender,
    IOptions<SqsOptions> options) : IMessageBus
{
    public async Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : IntegrationMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        var typeName = typeof(T).Name;
        using var activity = MessagingTelemetry.StartPublish(typeName, message.MessageId, message.RunId, out var traceParent);
        var payload = codec.Encode(message);
        var body = Convert.ToBase64String(payload.Compressed);
        var sends = topology.PublishQueues(typeof(T))
            .Select(queue => SendAsync(queue, message, payload, body, traceParent, cancellationToken));
        await Task.WhenAll(sends).ConfigureAwait(false);
        MessagingTelemetry.Published.Add(1, new KeyValuePair<string, object?>("message.type", typeName));
    }

    private async Task SendAsync<T>(
        string queueName, T message, EncodedPayload payload, string body, string? traceParent, CancellationToken cancellationToken)
        where T : IntegrationMessage
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await SendOnceAsync(queueName, message, payload, body, traceParent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SqsOutageRetry.IsMissingQueue(ex) && !cancellationToken.IsCancellationRequested)
        {
            // Nothing else would create it again: a long-running publisher would fail every later publish to it.
            if (await lostQueues.TryRecreateAsync(queueName, started, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }

            await SendOnceAsync(queueName, message, payload, body, traceParent, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendOnceAsync<T>(
        string queueName, T message, EncodedPayload payload, string body, string? traceParent, CancellationToken cancellationToken)
        where T : IntegrationMessage
    {
        var queueUrl = await queues.GetQueueUrlAsync(queueName, cancellationToken).ConfigureAwait(false);
        var attributes = Attributes(message, SqsWireFormat.BrotliBase64, traceParent);
        var bytes = SizeOf(body, attributes);
        ClaimCheckPointer? pointer = null;
        if (bytes > options.Value.MaxMessageBytes)
        {
            pointer = await claimCheck.PutAsync(queueName, message.MessageId, payload.Compressed, cancellationToken).ConfigureAwait(false);
            body = JsonSerializer.Serialize(pointer, SqsJsonContext.Default.ClaimCheckPointer);
            attributes = Attributes(message, SqsWireFormat.BrotliS3, traceParent);
            bytes = SizeOf(body, attributes);
        }

        try
        {
            await sender.SendAsync(queueUrl, new SendMessageBatchRequestEntry { MessageBody = body, MessageAttributes = attributes }, bytes, cancellationToken)
                .ConfigureAwait(false);
        }
        catch when (pointer is not null)
        {
            // Nothing will ever point at the object now.
            await claimCheck.DeleteAsync(pointer, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static Dictionary<string, MessageAttributeValue> Attributes<T>(T message, string encoding, string? traceParent)
        where T : IntegrationMessage
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(6)
        {
            [SqsWireFormat.ContentType] = Text(SqsWireFormat.Json),
            [SqsWireFormat.ContentEncoding] = Text(encoding),
            [SqsWireFormat.SchemaVersion] = new() { DataType = "Number", StringValue = message.SchemaVersion.ToString(CultureInfo.InvariantCulture) },
            [SqsWireFormat.MessageType] = Text(typeof(T).Name),
            [SqsWireFormat.MessageId] = Text(message.MessageId),
        };
        if (traceParent is not null)
        {
            attributes[SqsWireFormat.TraceParent] = Text(traceParent);
        }

        return attributes;
    }

    private static MessageAttributeValue Text(string value) => new() { DataType = "String", StringValue = value };

    /// <summary>The size SQS counts against its limit: the body plus each attribute's name, type and value.</summary>
    internal static int SizeOf(string body, Dictionary<string, MessageAttributeValue> attributes)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        foreach (var (name, value) in attributes)
        {
            bytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType) + Encoding.UTF8.GetByteCount(value.StringValue ?? "");
        }

        return bytes;
    }
}
