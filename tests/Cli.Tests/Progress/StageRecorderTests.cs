using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.ServiceDefaults.Progress;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Progress;

public sealed class StageRecorderTests
{
    [Fact]
    public void A_stage_warning_is_one_line_of_the_progress_between_the_stages_start_and_end_with_its_text_as_given()
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        using var recorder = new StageRecorder(console);

        recorder.Start(PipelineStages.Generate, 100);
        recorder.Warn(PipelineStages.Generate, "100 records [of 120] cover one scrape");
        recorder.Complete(PipelineStages.Generate);

        var lines = console.Lines.Select(line => line.TrimEnd()).Where(line => line.Length > 0).ToList();
        Assert.Equal(3, lines.Count);
        Assert.EndsWith("generate warning: 100 records [of 120] cover one scrape", lines[1]);
        Assert.Contains("generate done", lines[2]);
    }
}
