using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Cli.Embedded;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A continuous input is analysed as one detection segment; a segment size set in the configuration cuts it, and analyze says so.</summary>
public sealed class AnalysisSegmentsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("segments-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_continuous_input_is_one_segment_unless_the_configuration_sets_a_smaller_one()
    {
        // 3,000 records 100 ms apart: five minutes of one recording, its six metric series read once a minute (1,530 records).
        var input = Path.Combine(_folder, "telemetry.csv");
        await File.WriteAllTextAsync(input, MeltCsvText.Text(MeltCsvText.Lines(3_000)));

        var whole = await AnalyseAsync(input, "whole", segmentRecords: null);
        var cut = await AnalyseAsync(input, "cut", segmentRecords: "1000");

        Assert.DoesNotContain("detection segments", whole, StringComparison.Ordinal);
        Assert.Contains("The input is analysed in 2 detection segments of at most 1,000 records, each judged against its own records; Generator:SegmentRecords sets it.", cut, StringComparison.Ordinal);
    }

    private async Task<string> AnalyseAsync(string input, string name, string? segmentRecords)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Output:Directory"] = Path.Combine(_folder, name) };
        if (segmentRecords is not null)
        {
            overrides["Generator:SegmentRecords"] = segmentRecords;
        }

        var exitCode = await new AnalysisPipeline(console, errors).RunAsync([input], null, overrides, CancellationToken.None);

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors.Output);
        return console.Output;
    }
}
