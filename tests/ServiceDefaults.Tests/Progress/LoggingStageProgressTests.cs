using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Tests.Telemetry;
using Microsoft.Extensions.Logging;

namespace AnomalyPlatform.ServiceDefaults.Tests.Progress;

public sealed class LoggingStageProgressTests
{
    [Fact]
    public void A_stage_start_names_its_amount_of_work_only_when_it_is_known()
    {
        var lines = new ScopeCapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(lines));
        var progress = new LoggingStageProgress(loggers.CreateLogger<LoggingStageProgress>());

        progress.Start(PipelineStages.RootCause, null);
        progress.Start(PipelineStages.Generate, 10_000);

        Assert.Equal(["Stage root_cause started", "Stage generate started (10000 to do)"], lines.Lines.Select(line => line.Message));
    }

    [Fact]
    public void A_stage_warning_is_one_line_at_warning_level_naming_the_stage()
    {
        var lines = new ScopeCapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(lines));
        var progress = new LoggingStageProgress(loggers.CreateLogger<LoggingStageProgress>());

        progress.Warn(PipelineStages.Generate, "100 records cover one scrape");

        var line = Assert.Single(lines.Lines);
        Assert.Equal(("Stage generate: 100 records cover one scrape", LogLevel.Warning), (line.Message, line.Level));
    }
}
