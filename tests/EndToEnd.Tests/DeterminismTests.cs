namespace AnomalyPlatform.EndToEnd.Tests;

/// <summary>The same seed and settings give byte-identical data and identical anomalies.</summary>
public sealed class DeterminismTests
{
    private static readonly string[] DeterministicFiles =
        ["synthetic_data.csv", "synthetic_labels.csv", "incidents.json", "anomalies.json", "evaluation.json"];

    [Fact]
    public async Task Same_seed_gives_byte_identical_outputs()
    {
        using var first = await PipelineRun.StartAsync("--records", "3000", "--seed", "7");
        using var second = await PipelineRun.StartAsync("--records", "3000", "--seed", "7");

        Assert.True(first.ExitCode == 0, first.Errors);
        Assert.True(second.ExitCode == 0, second.Errors);
        foreach (var file in DeterministicFiles)
        {
            Assert.True(File.ReadAllBytes(first.PathOf(file)).AsSpan().SequenceEqual(File.ReadAllBytes(second.PathOf(file))), $"{file} differs between runs");
        }
    }

    [Fact]
    public async Task Different_seed_gives_different_data()
    {
        using var first = await PipelineRun.StartAsync("--records", "2000", "--seed", "1");
        using var second = await PipelineRun.StartAsync("--records", "2000", "--seed", "2");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.False(File.ReadAllBytes(first.PathOf("synthetic_data.csv")).AsSpan().SequenceEqual(File.ReadAllBytes(second.PathOf("synthetic_data.csv"))));
    }
}
