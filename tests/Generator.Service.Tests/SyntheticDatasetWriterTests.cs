using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;

namespace AnomalyPlatform.Generator.Tests;

public sealed class SyntheticDatasetWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dataset-writer-tests-" + Guid.NewGuid().ToString("N"));

    private sealed class CountingProgress : IStageProgress
    {
        public List<string> Calls { get; } = [];

        public long Advanced { get; private set; }

        public void Start(string stage, long? total) => Calls.Add($"start {stage} {total}");

        public void Advance(string stage, long amount) => Advanced += amount;

        public void Complete(string stage) => Calls.Add($"complete {stage}");
    }

    private async Task<(DatasetSummary Summary, CountingProgress Progress)> WriteAsync(string folder, int seed)
    {
        var progress = new CountingProgress();
        var writer = new SyntheticDatasetWriter(new TelemetryGenerator(new GeneratorOptions { Records = 9_000, Seed = seed, BatchSize = 2_000 }));
        var summary = await writer.WriteAsync(Path.Combine(_directory, folder), progress, onBatch: null, CancellationToken.None);
        return (summary, progress);
    }

    [Fact]
    public async Task Writer_creates_the_three_data_set_files_and_reports_progress_without_a_bus()
    {
        var (summary, progress) = await WriteAsync("a", seed: 42);

        Assert.Equal((9_000L, 5), (summary.Records, summary.Batches));
        Assert.True(summary.Incidents > 0);
        Assert.Equal(9_001, File.ReadLines(Path.Combine(_directory, "a", OutputFiles.SyntheticData)).Count());
        Assert.Equal(9_001, File.ReadLines(Path.Combine(_directory, "a", OutputFiles.SyntheticLabels)).Count());
        Assert.True(File.Exists(Path.Combine(_directory, "a", OutputFiles.Incidents)));
        Assert.Equal(["start generate 9000", "complete generate"], progress.Calls);
        Assert.Equal(9_000, progress.Advanced);
    }

    [Fact]
    public async Task Same_options_write_byte_identical_data_sets()
    {
        await WriteAsync("first", seed: 5);
        await WriteAsync("second", seed: 5);

        foreach (var file in new[] { OutputFiles.SyntheticData, OutputFiles.SyntheticLabels, OutputFiles.Incidents })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_directory, "first", file)), File.ReadAllBytes(Path.Combine(_directory, "second", file)));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
