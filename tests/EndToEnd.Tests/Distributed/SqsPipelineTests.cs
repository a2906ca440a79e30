namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>Over SQS (fauxqs), in one process or as separate services, a run gives the same results as the in-process run.</summary>
[Collection(SqsEmulatorCollection.Name)]
public sealed class SqsPipelineTests
{
    private const string Records = "2000";
    private static readonly string[] ComparedFiles = ["anomalies.json", "evaluation.json"];

    [Fact]
    public async Task Embedded_run_over_sqs_gives_byte_identical_anomalies_and_evaluation_to_the_in_process_run()
    {
        using var inProcess = await PipelineRun.StartAsync("--records", Records, "--seed", "11");
        using var overSqs = await PipelineRun.StartAsync("--records", Records, "--seed", "11", "--transport", "sqs");

        Assert.True(inProcess.ExitCode == 0, inProcess.Console);
        Assert.True(overSqs.ExitCode == 0, overSqs.Console);
        AssertSameFiles(inProcess, overSqs);
    }

    [Fact]
    public async Task Distributed_run_gives_byte_identical_anomalies_and_evaluation_to_the_in_process_run()
    {
        using var inProcess = await PipelineRun.StartAsync("--records", Records, "--seed", "12");
        using var distributed = await PipelineRun.StartAsync("--records", Records, "--seed", "12", "--transport", "sqs", "--distributed");

        Assert.True(inProcess.ExitCode == 0, inProcess.Console);
        Assert.True(distributed.ExitCode == 0, distributed.Console);
        AssertSameFiles(inProcess, distributed);
        // The services really ran as their own processes: their logs come back prefixed.
        Assert.Contains("generator | started: dotnet AnomalyPlatform.Generator.Service.dll", distributed.Console);
        Assert.Contains("detector  | started: dotnet AnomalyPlatform.Detector.Service.dll", distributed.Console);
        Assert.Contains("rootcause | started: dotnet AnomalyPlatform.RootCause.Service.dll", distributed.Console);
    }

    [Fact]
    public async Task Two_detectors_competing_for_the_segments_give_byte_identical_results_to_the_in_process_run()
    {
        string[] run = ["--records", "9000", "--seed", "13", "--segment-records", "3000"];
        using var inProcess = await PipelineRun.StartAsync(run);
        using var distributed = await PipelineRun.StartAsync([.. run, "--transport", "sqs", "--distributed", "--detectors", "2"]);

        Assert.True(inProcess.ExitCode == 0, inProcess.Console);
        Assert.True(distributed.ExitCode == 0, distributed.Console);
        AssertSameFiles(inProcess, distributed);
        Assert.Contains("detector-1 | started: dotnet AnomalyPlatform.Detector.Service.dll", distributed.Console);
        Assert.Contains("detector-2 | started: dotnet AnomalyPlatform.Detector.Service.dll", distributed.Console);
        Assert.Equal(3, SegmentsAnalysed(distributed.Console).Distinct().Count());
    }

    [Fact]
    public async Task Detector_killed_while_analysing_a_segment_leaves_the_results_identical_to_an_undisturbed_run()
    {
        string[] run = ["--records", "24000", "--seed", "14", "--segment-records", "8000"];
        using var undisturbed = await PipelineRun.StartAsync(run);
        DetectorKillingConsole? killer = null;
        using var disturbed = await PipelineRun.StartAsync(
            console => killer = new DetectorKillingConsole(console), [.. run, "--transport", "sqs", "--distributed", "--detectors", "2"]);

        Assert.True(undisturbed.ExitCode == 0, undisturbed.Console);
        Assert.True(disturbed.ExitCode == 0, disturbed.Console);
        Assert.NotNull(killer!.Killed);
        Assert.Contains($"{killer.Killed} exited with code", disturbed.Console);
        AssertSameFiles(undisturbed, disturbed);
        // The killed instance's segment was analysed again by the other one.
        var analysed = SegmentsAnalysed(disturbed.Console);
        Assert.Equal(3, analysed.Distinct().Count());
        Assert.True(analysed.Count > 3, "No segment was analysed twice, so none was taken over after the kill.");
    }

    /// <summary>The segments whose analysis a distributed run's detectors logged starting, once per start.</summary>
    private static List<string> SegmentsAnalysed(string console) =>
        System.Text.RegularExpressions.Regex.Matches(console, @"segment (\d+/\d+): analysing").Select(m => m.Groups[1].Value).ToList();

    private static void AssertSameFiles(PipelineRun expected, PipelineRun actual)
    {
        foreach (var file in ComparedFiles)
        {
            Assert.True(File.ReadAllBytes(expected.PathOf(file)).AsSpan().SequenceEqual(File.ReadAllBytes(actual.PathOf(file))),
                $"{file} differs from the in-process run");
        }
    }
}
