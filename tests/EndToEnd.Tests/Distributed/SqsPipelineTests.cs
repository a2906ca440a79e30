namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>
/// Over SQS (fauxqs) a run gives the same results as the in-process run. The services as separate processes, with
/// competing and killed detector replicas, are the Aspire application's tests (tests/AppHost.Tests).
/// </summary>
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

        Assert.True(inProcess.ExitCode == 0, inProcess.Errors);
        Assert.True(overSqs.ExitCode == 0, overSqs.Errors);
        AssertSameFiles(inProcess, overSqs);
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
