using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// The logging scope of work on one run: every line written inside it, by any logger of the host, carries the run id
/// (<c>RunId</c> in structured logs), as the lines of a message handler do.
/// </summary>
public static class RunLogScope
{
    /// <summary>The key of the run id in a log line's scope.</summary>
    public const string RunIdKey = "RunId";

    public static IDisposable? Begin(ILogger logger, string runId)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new Dictionary<string, object?>(1) { [RunIdKey] = runId });
    }
}
