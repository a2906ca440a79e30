using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Contracts.Messages;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>Everything a consumer needs besides its handler, shared by all consumers of a process.</summary>
internal sealed record SqsConsumerServices(
    IAmazonSQS Sqs,
    SqsQueueProvisioner Queues,
    SqsLostQueueRecovery LostQueues,
    SqsMessageCodec Codec,
    ClaimCheckStore ClaimCheck,
    SqsOutageRetry Retry,
    DeadLetterLog DeadLetters,
    SqsOptions Options,
    int MaxReceiveCount,
    ILogger Logger);

/// <summary>
/// One handler's consumer: long-polls its queue, runs up to its concurrency of messages at once, deletes a message only
/// after the handler succeeded, and lets SQS redrive a message that failed <see cref="MessagingOptions.MaxReceiveCount"/> times.
/// A queue that a receive finds gone is created again (<see cref="SqsLostQueueRecovery"/>) unless the host has a finite job.
/// </summary>
internal sealed partial class SqsConsumer<T>(
    IMessageHandler<T> handler, string queueName, int concurrency, SqsConsumerServices services) where T : IntegrationMessage
{
    private static readonly string TypeName = typeof(T).Name;
    private static readonly KeyValuePair<string, object?> TypeTag = new("message.type", TypeName);

    private readonly ConcurrentDictionary<Task, bool> _running = new();

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var queueUrl = await services.Queues.GetQueueUrlAsync(queueName, stoppingToken).ConfigureAwait(false);
        // Not disposed: slot releases may still run after this method returns, and without a wait handle there is nothing to free.
        var slots = new SemaphoreSlim(concurrency, concurrency);
        var failures = 0;
        // When the receives began to fail, and whether that was reported: a consumer only polls, so it is the one to
        // notice that its queue has gone (an emulator restarted) or that the outage has outlasted the tolerance.
        long failingSince = 0;
        var reported = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var free = 1;
                while (free < SqsBatchSender.MaxEntries && slots.Wait(0))
                {
                    free++;
                }

                List<Message> messages;
                var receiveStarted = Stopwatch.GetTimestamp();
                try
                {
                    messages = await ReceiveAsync(queueUrl, free, stoppingToken).ConfigureAwait(false);
                    failures = 0;
                    reported = false;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    slots.Release(free);
                    // Nothing else would ever create it again: without this a long-running service polls a missing queue for ever.
                    if (SqsOutageRetry.IsMissingQueue(ex)
                        && await services.LostQueues.TryRecreateAsync(queueName, receiveStarted, stoppingToken).ConfigureAwait(false) is { } recreatedUrl)
                    {
                        queueUrl = recreatedUrl;
                        failures = 0;
                        reported = false;
                        continue;
                    }

                    if (failures++ == 0)
                    {
                        failingSince = Stopwatch.GetTimestamp();
                    }

                    reported = reported || services.Retry.ReportIfFatal("ReceiveMessage", queueName, ex, Stopwatch.GetElapsedTime(failingSince));
                    var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5))));
                    LogReceiveFailed(services.Logger, ex, queueName, delay.TotalSeconds);
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (free > messages.Count)
                {
                    slots.Release(free - messages.Count);
                }

                foreach (var message in messages)
                {
                    var task = HandleAsync(queueUrl, message, stoppingToken);
                    _running[task] = true;
                    _ = task.ContinueWith(done =>
                    {
                        _running.TryRemove(done, out _);
                        slots.Release();
                    }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Handlers see the stopping token; what they leave unfinished is not deleted and comes back to another consumer.
            await Task.WhenAll(_running.Keys).ConfigureAwait(false);
        }
    }

    private async Task<List<Message>> ReceiveAsync(string queueUrl, int maxMessages, CancellationToken cancellationToken)
    {
        // A long-poll is plumbing: mostly empty, it would otherwise start a trace every WaitTimeSeconds per consumer.
        var response = await UntracedCall.RunAsync(UntracedCall.Sqs, "ReceiveMessage", queueName, token => services.Sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = maxMessages,
                WaitTimeSeconds = services.Options.WaitTimeSeconds,
                MessageSystemAttributeNames = [SqsWireFormat.ApproximateReceiveCount],
                MessageAttributeNames = ["All"],
            }, token), cancellationToken).ConfigureAwait(false);
        return response.Messages ?? [];
    }

    private async Task HandleAsync(string queueUrl, Message message, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var receiveCount = message.Attributes?.TryGetValue(SqsWireFormat.ApproximateReceiveCount, out var count) == true
            ? int.Parse(count, CultureInfo.InvariantCulture)
            : 1;
        var traceParent = Attribute(message, SqsWireFormat.TraceParent);
        var messageId = Attribute(message, SqsWireFormat.MessageId) ?? message.MessageId;
        // Started before decoding, so that a claim-check download is part of the message's trace and an undecodable
        // message shows as a failed span; the run is known once the body is decoded.
        using var activity = MessagingTelemetry.StartProcess(TypeName, messageId, runId: null, traceParent);
        var extender = VisibilityExtender.Start(services.Sqs, queueUrl, queueName, message.ReceiptHandle, services.Options.VisibilityTimeoutSeconds, services.Logger);
        var extenderStopped = false;
        try
        {
            T decoded;
            ClaimCheckPointer? pointer;
            try
            {
                (decoded, pointer) = await DecodeAsync(message, stoppingToken).ConfigureAwait(false);
            }
            catch (Amazon.S3.Model.NoSuchKeyException) when (!stoppingToken.IsCancellationRequested)
            {
                // A payload is deleted only after its message was acknowledged (CompleteAsync), so a missing one means a
                // consumer already handled this message: a copy that came back because its visibility lapsed while an
                // outage kept the timeout from being extended. Acknowledge the copy instead of failing it into the DLQ.
                LogAlreadyHandled(services.Logger, TypeName, message.MessageId, receiveCount);
                await extender.DisposeAsync().ConfigureAwait(false);
                extenderStopped = true;
                await CompleteAsync(queueUrl, message, pointer: null).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Retrying cannot help an undecodable body: make it visible at once so that SQS redrives it promptly.
                LogUndecodable(services.Logger, ex, TypeName, message.MessageId, receiveCount);
                MessagingTelemetry.SetError(activity, ex);
                await extender.DisposeAsync().ConfigureAwait(false);
                extenderStopped = true;
                await FailAsync(queueUrl, message, messageId, receiveCount, ex, 0).ConfigureAwait(false);
                return;
            }

            MessagingTelemetry.SetRunId(activity, decoded.RunId);
            using var scope = MessageLogScope.Begin(services.Logger, decoded);
            try
            {
                await handler.HandleAsync(new MessageContext<T>(decoded, decoded.MessageId, receiveCount, traceParent), stoppingToken)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                MessagingTelemetry.SetError(activity, ex);
                await extender.DisposeAsync().ConfigureAwait(false);
                extenderStopped = true;
                await FailAsync(queueUrl, message, decoded.MessageId, receiveCount, ex, services.Options.RetryDelaySeconds).ConfigureAwait(false);
                return;
            }

            await extender.DisposeAsync().ConfigureAwait(false);
            extenderStopped = true;
            await CompleteAsync(queueUrl, message, pointer).ConfigureAwait(false);
            MessagingTelemetry.Handled.Add(1, TypeTag);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogCompleteFailed(services.Logger, ex, TypeName, message.MessageId);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            if (!extenderStopped)
            {
                await extender.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<(T Message, ClaimCheckPointer? Pointer)> DecodeAsync(Message message, CancellationToken cancellationToken)
    {
        if (Attribute(message, SqsWireFormat.MessageType) is { } type && type != TypeName)
        {
            throw new InvalidDataException($"The queue of {TypeName} received a {type}.");
        }

        if (Attribute(message, SqsWireFormat.SchemaVersion) is { } version
            && int.Parse(version, CultureInfo.InvariantCulture) > IntegrationMessage.CurrentSchemaVersion)
        {
            throw new NotSupportedException($"{TypeName} has schema version {version}; this build reads up to {IntegrationMessage.CurrentSchemaVersion}.");
        }

        switch (Attribute(message, SqsWireFormat.ContentEncoding))
        {
            case SqsWireFormat.BrotliS3:
                var pointer = JsonSerializer.Deserialize(message.Body, SqsJsonContext.Default.ClaimCheckPointer)
                              ?? throw new InvalidDataException("The claim-check pointer is JSON null.");
                var compressed = await services.ClaimCheck.GetAsync(pointer, cancellationToken).ConfigureAwait(false);
                return (services.Codec.Decode<T>(compressed), pointer);
            case SqsWireFormat.BrotliBase64:
                return (services.Codec.DecodeBase64<T>(message.Body), null);
            case var other:
                throw new InvalidDataException($"Unknown content encoding '{other ?? "(none)"}'; expected {SqsWireFormat.BrotliBase64} or {SqsWireFormat.BrotliS3}.");
        }
    }

    private async Task FailAsync(string queueUrl, Message message, string messageId, int receiveCount, Exception error, int retryDelaySeconds)
    {
        MessagingTelemetry.Failed.Add(1, TypeTag);
        var last = receiveCount >= services.MaxReceiveCount;
        if (last)
        {
            // SQS moves the message to the dead-letter queue on its next receive; record it now so that the run can report it.
            LogDeadLetter(services.Logger, error, TypeName, messageId, receiveCount);
            MessagingTelemetry.DeadLettered.Add(1, TypeTag);
            services.DeadLetters.Add(new DeadLetter(TypeName, messageId, receiveCount, error.Message));
        }
        else
        {
            LogRetry(services.Logger, error, TypeName, messageId, receiveCount, services.MaxReceiveCount);
        }

        try
        {
            await services.Retry.ExecuteAsync("ChangeMessageVisibility", token => services.Sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest
            {
                QueueUrl = queueUrl,
                ReceiptHandle = message.ReceiptHandle,
                VisibilityTimeout = last ? 0 : retryDelaySeconds,
            }, token), CancellationToken.None, queueName).ConfigureAwait(false);
        }
        catch (Exception ex) when (SqsOutageRetry.IsTransient(ex) || ex is AmazonSQSException)
        {
            // The message still comes back when its visibility timeout ends.
            LogCompleteFailed(services.Logger, ex, TypeName, messageId);
        }
    }

    private async Task CompleteAsync(string queueUrl, Message message, ClaimCheckPointer? pointer)
    {
        // Not the stopping token: work that succeeded must be acknowledged even while the host shuts down (through an
        // outage too, within its tolerance; past it the message comes back and its redelivery is recognised by id).
        await services.Retry.ExecuteAsync("DeleteMessage", token => services.Sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, token),
            CancellationToken.None, queueName).ConfigureAwait(false);
        if (pointer is not null)
        {
            // After the message: a payload deleted first would turn a redelivery into a poison message.
            await services.ClaimCheck.DeleteAsync(pointer, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string? Attribute(Message message, string name) =>
        message.MessageAttributes?.TryGetValue(name, out var value) == true ? value.StringValue : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from SQS queue {Queue} failed; retrying in {DelaySeconds} s")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queue, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{MessageType} SQS message {SqsMessageId} could not be decoded (receive {ReceiveCount})")]
    private static partial void LogUndecodable(ILogger logger, Exception exception, string messageType, string sqsMessageId, int receiveCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling {MessageType} {MessageId} failed (receive {ReceiveCount} of {MaxReceiveCount}); it will be redelivered")]
    private static partial void LogRetry(ILogger logger, Exception exception, string messageType, string messageId, int receiveCount, int maxReceiveCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "{MessageType} {MessageId} failed {ReceiveCount} receives and goes to the dead-letter queue")]
    private static partial void LogDeadLetter(ILogger logger, Exception exception, string messageType, string messageId, int receiveCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageType} SQS message {SqsMessageId} came back after it was handled (its payload is gone; receive {ReceiveCount}); acknowledged")]
    private static partial void LogAlreadyHandled(ILogger logger, string messageType, string sqsMessageId, int receiveCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Acknowledging {MessageType} {MessageId} failed; it may be delivered again")]
    private static partial void LogCompleteFailed(ILogger logger, Exception exception, string messageType, string messageId);
}
