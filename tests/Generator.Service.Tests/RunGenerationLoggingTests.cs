using System.Collections.Concurrent;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator.Tests;

/// <summary>The generator's log lines of a run, as the structured logs of the Aspire dashboard receive them.</summary>
public sealed class RunGenerationLoggingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "generator-logging-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_line_of_a_runs_generation_the_stage_progress_included_carries_the_run_id()
    {
        var lines = new ScopeCapturingProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(lines));
        var generation = new RunGeneration(
            ServiceTopology.CreateDefault(), new DiscardingBus(), new LoggingStageProgress(loggers.CreateLogger<LoggingStageProgress>()),
            Options.Create(new OutputOptions { Directory = _directory }), loggers.CreateLogger<RunGeneration>());

        await generation.GenerateAsync(new GeneratorOptions { Records = 3_000, RunId = "logged-run" }, CancellationToken.None);

        Assert.Contains(lines.Lines, line => line.Category == typeof(LoggingStageProgress).FullName && line.Message == "Stage generate started (3000 to do)");
        Assert.Contains(lines.Lines, line => line.Category == typeof(LoggingStageProgress).FullName && line.Message.StartsWith("Stage generate: 100%", StringComparison.Ordinal));
        Assert.All(lines.Lines, line => Assert.Equal("logged-run", line.RunId));
    }

    [Fact]
    public async Task A_run_too_small_for_its_estate_logs_one_warning_with_the_run_id()
    {
        var lines = new ScopeCapturingProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(lines));
        var generation = new RunGeneration(
            Coverage.Estates.Largest(), new DiscardingBus(), new LoggingStageProgress(loggers.CreateLogger<LoggingStageProgress>()),
            Options.Create(new OutputOptions { Directory = _directory }), loggers.CreateLogger<RunGeneration>());

        await generation.GenerateAsync(new GeneratorOptions { Records = 100_000, RunId = "small-run" }, CancellationToken.None);

        var warning = Assert.Single(lines.Lines, line => line.Level == LogLevel.Warning);
        Assert.StartsWith("Stage generate: 100,000 records do not get past the first metric scrape", warning.Message);
        Assert.Equal("small-run", warning.RunId);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed class DiscardingBus : IMessageBus
    {
        public Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : IntegrationMessage => Task.CompletedTask;
    }

    /// <summary>Every line with its category, the <c>RunId</c> of the scopes it was written in, and its level.</summary>
    private sealed class ScopeCapturingProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Category, string Message, object? RunId, LogLevel Level)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                object? runId = null;
                owner._scopes.ForEachScope((scope, _) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs && pairs.FirstOrDefault(pair => pair.Key == "RunId") is { Key: not null } found)
                    {
                        runId = found.Value;
                    }
                }, (object?)null);
                owner.Lines.Enqueue((category, formatter(state, exception), runId, logLevel));
            }
        }
    }
}
