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
        CopySubset(nab);
        var output = Path.Combine(_folder, "out");
        var console = new TestConsole();
        console.Profile.Width = 300;

        var exitCode = await PlatformCli.Create(console, new TestConsole())
            .Parse(["evaluate-nab", "--data", _folder, "--labels", Path.Combine(nab, "labels", "combined_windows.json"), "--output", output])
            .InvokeAsync();

        Assert.Equal(EvaluateNabCommand.Succeeded, exitCode);
        Assert.Contains("[3/3] realAdExchange/exchange-3_cpc_results.csv", console.Output);
        Assert.Matches(@"standard\s+│\s+-?\d+\.\d\s+│\s+-?\d+\.\d", console.Output);
        Assert.Contains("Scored 3 files", console.Output);
        // Per category: files, windows, windows found and false alarms at the detector's decision, then the scores.
        var traffic = System.Text.RegularExpressions.Regex.Match(console.Output, @"realTraffic\s+│\s+1\s+│\s+4\s+│\s+(\d+)\s+│\s+(\d+)\s+│");
        Assert.True(traffic.Success, "no realTraffic row with windows found and false alarms");
        Assert.InRange(int.Parse(traffic.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 4);
        Assert.Matches(@"standard: shipped configuration -?\d+\.\d own decision / -?\d+\.\d optimised threshold; nested estimate \(each category scored with what was chosen on the others; optimistic, see the README\) -?\d+\.\d / -?\d+\.\d", console.Output);
        Assert.Matches(@"reward_low_FP_rate: shipped configuration -?\d+\.\d own decision", console.Output);
        Assert.Contains($"Nested estimate: {NabCandidates.Default.Count} configurations", console.Output);
        Assert.Matches(@"pipeline \[3/3\] \S+\.csv: \d+ alarms", console.Output);
        Assert.Contains("the pipeline's models one by one", console.Output);
        Assert.Matches(@"statistical\s+│\s+-?\d+\.\d\s+│\s+-?\d+\.\d\s+│\s+[\d,]+", console.Output);
        Assert.Matches(@"ensemble, one alarm per episode\s+│\s+-?\d+\.\d\s+│\s+-?\d+\.\d\s+│\s+[\d,]+", console.Output);
        Assert.Matches(@"pipeline on these files: -?\d+\.\d own decision / -?\d+\.\d optimised threshold \([\d,]+ alarms over [\d,]+ points\); detect -?\d+\.\d / -?\d+\.\d", console.Output);
        Assert.True(File.Exists(Path.Combine(output, "realTraffic", "speed_7578.csv")));
        Assert.Equal(1 + (3 * 2 * 3), (await File.ReadAllLinesAsync(Path.Combine(output, "nab_scores.csv"))).Length);
        var page = await File.ReadAllTextAsync(Path.Combine(output, "nab_report.html"));
        Assert.Contains($"Charts (every file, its windows and the alarms): {Path.Combine(output, "nab_report.html")}", console.Output.Replace(Environment.NewLine, string.Empty));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(page, "<svg width=\"1100\"").Count);
        Assert.All(Subset, file => Assert.Contains($">{file}</h2>", page));
        // Every chart has its series drawn, the labelled windows shaded and the pipeline's strip; nothing is fetched.
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(page, "<polyline class=\"series\" points=\"[0-9]").Count);
        Assert.Contains("<rect class=\"window\"", page);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(page, "<rect class=\"strip\"").Count);
        Assert.DoesNotContain("http", page, StringComparison.OrdinalIgnoreCase);
        // The table at the top links every file to its chart.
        Assert.All(Enumerable.Range(0, 3), i => Assert.Contains($"<a href=\"#file-{i}\">", page));
        Assert.All(Enumerable.Range(0, 3), i => Assert.Contains($"<h2 id=\"file-{i}\">", page));
    }

    [NabDataFact]
    public async Task Nested_estimate_with_a_single_candidate_equals_the_shared_files_score()
    {
        // Nothing to choose: every held-out category gets the shipped configuration, so the estimate is the in-sample score.
        var nab = NabDataLocator.FindDefault(AppContext.BaseDirectory)!;
        CopySubset(nab);
        var candidates = Path.Combine(_folder, "candidates.txt");
        await File.WriteAllTextAsync(candidates, "# the shipped configuration only\n\n");
        var console = new TestConsole();
        console.Profile.Width = 300;

        var exitCode = await PlatformCli.Create(console, new TestConsole())
            .Parse(["evaluate-nab", "--data", _folder, "--labels", Path.Combine(nab, "labels", "combined_windows.json"), "--candidates", candidates, "--no-pipeline"])
            .InvokeAsync();

        Assert.Equal(EvaluateNabCommand.Succeeded, exitCode);
        var line = System.Text.RegularExpressions.Regex.Match(console.Output,
            @"standard: shipped configuration (-?\d+\.\d) own decision / (-?\d+\.\d) optimised threshold; nested estimate \(each category scored with what was chosen on the others; optimistic, see the README\) (-?\d+\.\d) / (-?\d+\.\d)");
        Assert.True(line.Success, console.Output);
        Assert.Equal(line.Groups[1].Value, line.Groups[3].Value);
        Assert.Contains("Nested estimate: 1 configurations", console.Output);
        Assert.DoesNotContain("pipeline on these files", console.Output);
    }

    [Fact]
    public async Task Candidate_file_with_an_unknown_setting_exits_with_2_and_names_it()
    {
        Directory.CreateDirectory(_folder);
        var candidates = Path.Combine(_folder, "candidates.txt");
        await File.WriteAllTextAsync(candidates, "NoSuchSetting=3\n");
        var errors = new TestConsole();

        var exitCode = await PlatformCli.Create(new TestConsole(), errors).Parse(["evaluate-nab", "--data", _folder, "--candidates", candidates]).InvokeAsync();

        Assert.Equal(EvaluateNabCommand.InvalidInput, exitCode);
        Assert.Contains("NoSuchSetting", errors.Output);
    }

    [Fact]
    public async Task Evaluate_nab_on_a_folder_without_labels_exits_with_2()
    {
        Directory.CreateDirectory(_folder);
        var errors = new TestConsole();

        var exitCode = await PlatformCli.Create(new TestConsole(), errors).Parse(["evaluate-nab", "--data", _folder]).InvokeAsync();

        Assert.Equal(EvaluateNabCommand.InvalidInput, exitCode);
        Assert.Contains("labels", errors.Output);
    }

    [Fact]
    public async Task A_single_series_file_given_as_data_is_told_apart_from_a_missing_folder()
    {
        Directory.CreateDirectory(_folder);
        var series = Path.Combine(_folder, "series.csv");
        await File.WriteAllTextAsync(series, "timestamp,value\n2014-04-10 07:15:00,1\n");
        var errors = new TestConsole();
        errors.Profile.Width = 400;

        var exitCode = await PlatformCli.Create(new TestConsole(), errors).Parse(["evaluate-nab", "--data", series]).InvokeAsync();

        Assert.Equal(EvaluateNabCommand.InvalidInput, exitCode);
        Assert.Contains($"'{series}' is a file: --data takes a folder of category/name.csv series (detect scores one file).", errors.Output);
    }

    [Fact]
    public async Task An_output_folder_that_cannot_be_written_is_refused_on_the_error_console_before_any_file_is_scored()
    {
        Directory.CreateDirectory(_folder);
        var blocker = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(blocker, "");
        var output = Path.Combine(blocker, "out");
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        errors.Profile.Width = 400;

        var exitCode = await PlatformCli.Create(console, errors).Parse(["evaluate-nab", "--data", _folder, "--output", output]).InvokeAsync();

        Assert.Equal(EvaluateNabCommand.InvalidInput, exitCode);
        Assert.Contains($"The output folder {output} cannot be written", errors.Output);
        Assert.Equal("", console.Output);
    }

    [Fact]
    public async Task Evaluate_nab_on_point_labelled_exports_draws_the_windows_from_their_label_columns()
    {
        // Two exports as monitoring teams label them: a label column, 1 on every anomalous reading; no windows file.
        var start = new DateTime(2018, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var name in new[] { "latency/a.csv", "latency/b.csv" })
        {
            var lines = new List<string> { "TimeStamp,Value,Label" };
            for (var i = 0; i < 1200; i++)
            {
                var spike = i is >= 900 and < 904;
                var value = 50 + (10 * Math.Sin(2 * Math.PI * i / 24)) + (i % 5) + (spike ? 400 : 0);
                lines.Add($"{start.AddHours(i):yyyy-MM-ddTHH:mm:ssZ},{value.ToString(System.Globalization.CultureInfo.InvariantCulture)},{(spike ? 1 : 0)}");
            }

            var path = Path.Combine(_folder, "data", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllLinesAsync(path, lines);
        }

        var console = new TestConsole();
        console.Profile.Width = 300;

        var exitCode = await PlatformCli.Create(console, new TestConsole()).Parse(["evaluate-nab", "--data", _folder, "--no-pipeline", "--no-nested"]).InvokeAsync();

        Assert.Equal(EvaluateNabCommand.Succeeded, exitCode);
        Assert.Contains("Windows drawn from the files' own 'label' columns", console.Output);
        Assert.Contains("latency/a.csv: 1,200 rows", console.Output);
        Assert.Contains("windows found 1/1", console.Output);
        Assert.Contains("Scored 2 files", console.Output);
    }

    private void CopySubset(string nab)
    {
        foreach (var file in Subset)
        {
            var target = Path.Combine(_folder, "data", file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(nab, "data", file), target);
        }

        File.WriteAllLines(Path.Combine(_folder, "files.txt"), Subset);
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
