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
        Assert.Contains("generator| started: dotnet AnomalyPlatform.Generator.Service.dll", distributed.Console);
        Assert.Contains("detector | started: dotnet AnomalyPlatform.Detector.Service.dll", distributed.Console);
        Assert.Contains("rootcause| started: dotnet AnomalyPlatform.RootCause.Service.dll", distributed.Console);
    }

    private static void AssertSameFiles(PipelineRun expected, PipelineRun actual)
    {
        foreach (var file in ComparedFiles)
        {
            Assert.True(File.ReadAllBytes(expected.PathOf(file)).AsSpan().SequenceEqual(File.ReadAllBytes(actual.PathOf(file))),
                $"{file} differs from the in-process run");
        }
    }
}
