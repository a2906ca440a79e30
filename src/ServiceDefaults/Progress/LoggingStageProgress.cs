using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.ServiceDefaults.Progress;

/// <summary>
/// The default progress reporter of a standalone service: a log line at start, every tenth of the work, and at the end,
/// and a warning-level line for what a stage warns of.
/// The run the lines belong to is in their scope (<c>RunId</c>): the caller works on the run inside a
/// <see cref="Telemetry.RunLogScope"/> or a message handler's scope.
/// </summary>
public sealed partial class LoggingStageProgress(ILogger<LoggingStageProgress> logger) : IStageProgress
{
    private sealed class StageState(long? total)
    {
        public long? Total { get; } = total;
        public long Done;
        public int LastDecile;
    }

    private readonly ConcurrentDictionary<string, StageState> _stages = new();

    public void Start(string stage, long? total)
    {
        _stages[stage] = new StageState(total);
        if (total is { } known)
        {
            LogStarted(logger, stage, known);
        }
        else
        {
            LogStartedWithoutTotal(logger, stage);
        }
    }

    public void Advance(string stage, long amount)
    {
        if (!_stages.TryGetValue(stage, out var state) || state.Total is not > 0)
        {
            return;
        }

        var done = Interlocked.Add(ref state.Done, amount);
        var decile = (int)Math.Min(10, done * 10 / state.Total.Value);
        var last = state.LastDecile;
        if (decile > last && Interlocked.CompareExchange(ref state.LastDecile, decile, last) == last)
        {
            LogAdvanced(logger, stage, decile * 10, done, state.Total.Value);
        }
    }

    public void Complete(string stage) => LogCompleted(logger, stage);

    public void Warn(string stage, string message) => LogWarning(logger, stage, message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stage {Stage} started ({Total} to do)")]
    private static partial void LogStarted(ILogger logger, string stage, long total);

    // A stage whose amount of work is not known up front (root_cause, evaluate) says only that it started.
    [LoggerMessage(Level = LogLevel.Information, Message = "Stage {Stage} started")]
    private static partial void LogStartedWithoutTotal(ILogger logger, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stage {Stage}: {Percent}% ({Done}/{Total})")]
    private static partial void LogAdvanced(ILogger logger, string stage, int percent, long done, long total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stage {Stage} completed")]
    private static partial void LogCompleted(ILogger logger, string stage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stage {Stage}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string stage, string warning);
}
