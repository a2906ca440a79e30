using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Detector.Nab;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Commands;

public sealed class EvaluateNabCommandTests : IDisposable
{
    private static readonly string[] Subset =
        ["artificialWithAnomaly/art_daily_jumpsup.csv", "realTraffic/speed_7578.csv", "realAdExchange/exchange-3_cpc_results.csv"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "anomaly-nab-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [NabDataFact]
    public async Task Evaluate_nab_on_a_three_file_subset_prints_per_file_rows_and_the_standard_score()
    {
        var nab = NabDataLocator.FindDefault(AppContext.BaseDirectory)!;
        foreach (var file in Subset)
        {
            var target = Path.Combine(_folder, "data", file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(nab, "data", file), target);
        }

        await File.WriteAllLinesAsync(Path.Combine(_folder, "files.txt"), Subset);
        var output = Path.Combine(_folder, "out");
        var console = new TestConsole();
        console.Profile.Width = 300;

        var exitCode = await PlatformCli.Create(console)
            .Parse(["evaluate-nab", "--data", _folder, "--labels", Path.Combine(nab, "labels", "combined_windows.json"), "--output", output])
            .InvokeAsync();

        Assert.Equal(EvaluateNabCommand.Succeeded, exitCode);
        Assert.Contains("[3/3] realAdExchange/exchange-3_cpc_results.csv", console.Output);
        Assert.Matches(@"standard\s+│\s+-?\d+\.\d\s+│\s+-?\d+\.\d", console.Output);
        Assert.Contains("Scored 3 files", console.Output);
        Assert.True(File.Exists(Path.Combine(output, "realTraffic", "speed_7578.csv")));
        Assert.Equal(1 + (3 * 2 * 3), (await File.ReadAllLinesAsync(Path.Combine(output, "nab_scores.csv"))).Length);
    }

    [Fact]
    public async Task Evaluate_nab_on_a_folder_without_labels_exits_with_2()
    {
        Directory.CreateDirectory(_folder);
        var console = new TestConsole();

        var exitCode = await PlatformCli.Create(console).Parse(["evaluate-nab", "--data", _folder]).InvokeAsync();

        Assert.Equal(EvaluateNabCommand.InvalidInput, exitCode);
        Assert.Contains("labels", console.Output);
    }
}

/// <summary>A fact skipped, with the reason, when ../shared/data/nab is not beside the repository.</summary>
public sealed class NabDataFactAttribute : FactAttribute
{
    public NabDataFactAttribute()
    {
        if (NabDataLocator.FindDefault(AppContext.BaseDirectory) is null)
        {
            Skip = "NAB data not found: expected ../shared/data/nab beside the folder holding AnomalyPlatform.sln.";
        }
    }
}
