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

        public void Warn(string stage, string message) => Calls.Add($"warn {stage} after {Advanced}: {message}");
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
    public async Task A_run_too_small_for_its_estate_is_warned_on_the_progress_before_its_first_record()
    {
        var progress = new CountingProgress();
        var writer = new SyntheticDatasetWriter(new TelemetryGenerator(new GeneratorOptions { Records = 100_000 }, Coverage.Estates.Largest()));

        await writer.WriteAsync(Path.Combine(_directory, "huge"), progress, onBatch: null, CancellationToken.None);

        Assert.Equal(3, progress.Calls.Count);
        Assert.StartsWith("warn generate after 0: 100,000 records do not get past the first metric scrape", progress.Calls[1]);
        Assert.Equal(["start generate 100000", "complete generate"], [progress.Calls[0], progress.Calls[2]]);
    }

    [Fact]
    public async Task The_default_estate_at_the_default_record_count_is_written_without_a_warning()
    {
        var progress = new CountingProgress();

        await new SyntheticDatasetWriter(new TelemetryGenerator(new GeneratorOptions())).WriteAsync(
            Path.Combine(_directory, "default"), progress, onBatch: null, CancellationToken.None);

        Assert.Equal(["start generate 10000", "complete generate"], progress.Calls);
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

    [Fact]
    public async Task Files_written_behind_the_generator_match_the_batches_written_in_order()
    {
        var options = new GeneratorOptions { Records = 20_000, Seed = 7, BatchSize = 500 };
        var seen = new List<GeneratedBatch>();
        await new SyntheticDatasetWriter(new TelemetryGenerator(options)).WriteAsync(
            Path.Combine(_directory, "behind"), new CountingProgress(), (batch, _) => { seen.Add(batch); return Task.CompletedTask; }, CancellationToken.None);

        var data = new MemoryStream();
        var labels = new MemoryStream();
        using (var dataWriter = new SyntheticDataCsvWriter(data, leaveOpen: true))
        using (var labelsWriter = new LabelsCsvWriter(labels, leaveOpen: true))
        {
            foreach (var batch in new TelemetryGenerator(options).GenerateBatches())
            {
                dataWriter.Write(batch.Records);
                labelsWriter.Write(batch.Labels);
            }
        }

        Assert.Equal(40, seen.Count);
        Assert.Equal(Enumerable.Range(0, 40), seen.Select(b => b.Sequence));
        Assert.Equal(data.ToArray(), File.ReadAllBytes(Path.Combine(_directory, "behind", OutputFiles.SyntheticData)));
        Assert.Equal(labels.ToArray(), File.ReadAllBytes(Path.Combine(_directory, "behind", OutputFiles.SyntheticLabels)));
    }

    [Fact]
    public async Task A_failing_batch_consumer_stops_the_run_with_its_error_and_closes_the_files()
    {
        var writer = new SyntheticDatasetWriter(new TelemetryGenerator(new GeneratorOptions { Records = 20_000, Seed = 7, BatchSize = 500 }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(
            Path.Combine(_directory, "failing"), new CountingProgress(),
            (batch, _) => batch.Sequence == 3 ? throw new InvalidOperationException("bus down") : Task.CompletedTask, CancellationToken.None));

        Assert.Equal("bus down", error.Message);
        // Closed: another writer may open the file at once.
        using var reopened = File.Open(Path.Combine(_directory, "failing", OutputFiles.SyntheticData), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
