using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>The logging scope a consumer opens around a handler, so that every line the handler logs carries the run and the message.</summary>
internal static class MessageLogScope
{
    public static IDisposable? Begin(ILogger logger, IntegrationMessage message) => logger.BeginScope(new Dictionary<string, object?>(2)
    {
        [RunLogScope.RunIdKey] = message.RunId,
        ["MessageId"] = message.MessageId,
    });
}
