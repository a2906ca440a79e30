using System.Reflection;
using AnomalyPlatform.Contracts.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.InProcess;

/// <summary>Runs one consumer loop per registered handler, delivering each message up to <see cref="MessagingOptions.MaxReceiveCount"/> times.</summary>
internal sealed partial class InProcessConsumerHost(
    IServiceProvider services,
    IEnumerable<HandlerRegistration> registrations,
    InProcessQueues queues,
    DeadLetterLog deadLetters,
    IOptions<MessagingOptions> options,
    ILogger<InProcessConsumerHost> logger) : BackgroundService
{
    private static readonly MethodInfo ConsumeMethod =
        typeof(InProcessConsumerHost).GetMethod(nameof(ConsumeAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(registrations.Select(registration =>
            (Task)ConsumeMethod.MakeGenericMethod(registration.MessageType).Invoke(this, [registration, stoppingToken])!));

    private async Task ConsumeAsync<T>(HandlerRegistration registration, CancellationToken stoppingToken) where T : IntegrationMessage
    {
        var handler = (IMessageHandler<T>)services.GetRequiredService(registration.HandlerType);
        var reader = queues.For<T>(registration).Reader;
        var maxAttempts = options.Value.MaxReceiveCount;
        var tag = new KeyValuePair<string, object?>("message.type", typeof(T).Name);

        await foreach (var envelope in reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            envelope.Taken?.TrySetResult();
            var messageId = envelope.Message.MessageId;
            for (var attempt = 1; ; attempt++)
            {
                using var activity = MessagingTelemetry.StartProcess(typeof(T).Name, messageId, envelope.Message.RunId, envelope.TraceParent);
                using var scope = MessageLogScope.Begin(logger, envelope.Message);
                try
                {
                    await handler.HandleAsync(new MessageContext<T>(envelope.Message, messageId, attempt, envelope.TraceParent), stoppingToken)
                        .ConfigureAwait(false);
                    MessagingTelemetry.Handled.Add(1, tag);
                    break;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    MessagingTelemetry.SetError(activity, ex);
                    MessagingTelemetry.Failed.Add(1, tag);
                    if (attempt < maxAttempts)
                    {
                        LogRetry(logger, ex, typeof(T).Name, messageId, attempt, maxAttempts);
                        continue;
                    }

                    LogDeadLetter(logger, ex, typeof(T).Name, messageId, attempt);
                    MessagingTelemetry.DeadLettered.Add(1, tag);
                    deadLetters.Add(new DeadLetter(typeof(T).Name, messageId, attempt, ex.Message));
                    break;
                }
            }

            // The handler's last await may have completed on another thread, which then runs this loop inline: the next
            // message would be handled on top of the frames still finishing the last one, which keep it reachable (a
            // detected segment's million records stayed alive through the next segment's detection). Leave them first.
            await Task.Yield();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling {MessageType} {MessageId} failed (attempt {Attempt} of {MaxAttempts}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, string messageType, string messageId, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "{MessageType} {MessageId} failed {Attempts} times and was dead-lettered")]
    private static partial void LogDeadLetter(ILogger logger, Exception exception, string messageType, string messageId, int attempts);
}
