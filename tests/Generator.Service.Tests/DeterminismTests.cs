namespace AnomalyPlatform.Generator.Tests;

public sealed class DeterminismTests
{
    private static (byte[] Data, byte[] Labels) WriteRun(int seed) =>
        RunBytes.Of(new TelemetryGenerator(new GeneratorOptions { Records = 15_000, Seed = seed, BatchSize = 1_000 }));

    [Fact]
    public void Same_options_write_byte_identical_files()
    {
        var first = WriteRun(seed: 42);
        var second = WriteRun(seed: 42);

        Assert.Equal(first.Data, second.Data);
        Assert.Equal(first.Labels, second.Labels);
    }

    [Fact]
    public void Different_seeds_write_different_data()
    {
        var first = WriteRun(seed: 1);
        var second = WriteRun(seed: 2);

        Assert.NotEqual(first.Data, second.Data);
    }
}
