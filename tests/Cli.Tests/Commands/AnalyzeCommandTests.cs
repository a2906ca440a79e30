using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.ServiceDefaults.Output;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Commands;

/// <summary><c>analyze</c> on telemetry it did not generate: here a generated data set read back as a user's CSV files.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "anomaly-analyze-" + Guid.NewGuid().ToString("N"));

    private string DataSet => Path.Combine(_folder, "data");

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>Runs the CLI: its exit code, what it printed and, apart, what it reported as errors.</summary>
    private static async Task<(int ExitCode, string Console, string Errors)> CliAsync(params string[] arguments)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        errors.Profile.Width = 400;
        var exitCode = await PlatformCli.Create(console, errors).Parse(arguments).InvokeAsync();
        return (exitCode, console.Output, errors.Output);
    }

    private async Task GenerateAsync()
    {
        var (exitCode, _, errors) = await CliAsync("generate", "--records", "6000", "--seed", "5", "--out", DataSet);
        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
    }

    [Fact]
    public async Task Analyze_writes_anomalies_and_an_evaluation_against_the_known_incidents()
    {
        await GenerateAsync();
        var output = PathOf("out");

        var (exitCode, console, errors) = await CliAsync("analyze", "--input", Path.Combine(DataSet, OutputFiles.SyntheticData),
            "--incidents", Path.Combine(DataSet, OutputFiles.Incidents), "--out", output);

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("Read 6,000 records", console);
        using var anomalies = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, OutputFiles.Anomalies)));
        Assert.True(anomalies.RootElement.GetProperty("anomaly_count").GetInt32() > 0);
        using var evaluation = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, OutputFiles.Evaluation)));
        var rootCause = evaluation.RootElement.GetProperty("root_cause");
        Assert.True(rootCause.GetProperty("incidents").GetInt32() >= 1);
        Assert.Equal(rootCause.GetProperty("incidents").GetInt32(), evaluation.RootElement.GetProperty("per_incident").GetArrayLength());
        Assert.InRange(rootCause.GetProperty("ac_at_3").GetDouble(), 0.0, 1.0);
        Assert.True(File.Exists(Path.Combine(output, OutputFiles.Performance)));
        Assert.Contains("AC@1", console);
    }

    [Fact]
    public async Task Analyze_reports_the_incidents_with_the_input_series_and_the_known_incidents()
    {
        await GenerateAsync();
        var output = PathOf("report");

        var (exitCode, console, errors) = await CliAsync("analyze", "--input", Path.Combine(DataSet, OutputFiles.SyntheticData),
            "--incidents", Path.Combine(DataSet, OutputFiles.Incidents), "--out", output);

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        var report = Path.Combine(output, "report.html");
        Assert.EndsWith(report, console.TrimEnd().Split('\n')[^1].TrimEnd(), StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(report);
        // The series come from the records analyze read (its output folder holds no synthetic_data.csv), the injected
        // incidents from --incidents.
        Assert.False(File.Exists(Path.Combine(output, OutputFiles.SyntheticData)));
        Assert.Contains("class=\"chart incident-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"injected\"", html, StringComparison.Ordinal);
        Assert.Contains("No per-record labels", html, StringComparison.Ordinal);
        // Each known incident in a table: where it was raised and how its true service ranked there.
        Assert.Contains("<h3>Known incidents</h3>", html, StringComparison.Ordinal);
        Assert.Contains("known incidents</div>", html, StringComparison.Ordinal);
        var evaluation = await File.ReadAllTextAsync(Path.Combine(output, OutputFiles.Evaluation));
        foreach (var known in System.Text.Json.JsonDocument.Parse(evaluation).RootElement.GetProperty("per_incident").EnumerateArray())
        {
            Assert.Contains($"<td>{known.GetProperty("incident_id").GetString()}</td>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Records_split_over_gzip_and_plain_files_in_any_order_give_the_same_anomalies()
    {
        await GenerateAsync();
        var lines = File.ReadAllLines(Path.Combine(DataSet, OutputFiles.SyntheticData));
        var header = lines[0];
        var body = lines[1..];
        // The later half first, gzip-compressed, and the earlier half reversed: the reader must restore time order.
        await using (var gzip = new GZipStream(File.Create(PathOf("late.csv.gz")), CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gzip))
        {
            await writer.WriteAsync(string.Join('\n', [header, .. body[(body.Length / 2)..]]) + "\n");
        }

        await File.WriteAllLinesAsync(PathOf("early.csv"), [header, .. body[..(body.Length / 2)].Reverse()]);

        var (wholeExit, _, wholeErrors) = await CliAsync("analyze", "--input", Path.Combine(DataSet, OutputFiles.SyntheticData), "--out", PathOf("whole"));
        var (splitExit, _, splitErrors) = await CliAsync("analyze", "--input", PathOf("late.csv.gz"), PathOf("early.csv"), "--out", PathOf("split"));

        Assert.True(wholeExit == EmbeddedPipeline.Succeeded, wholeErrors);
        Assert.True(splitExit == EmbeddedPipeline.Succeeded, splitErrors);
        Assert.Equal(Anomalies(PathOf("whole")), Anomalies(PathOf("split")));
    }

    [Fact]
    public async Task A_file_without_the_schema_s_columns_is_refused_naming_the_file_and_the_column()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(PathOf("other.csv"), "time,host,cpu\n2026-01-01T00:00:00Z,a,1\n");

        var (exitCode, console, errors) = await CliAsync("analyze", "--input", PathOf("other.csv"), "--out", PathOf("out"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"{PathOf("other.csv")}: the header has no 'timestamp' column", errors);
        Assert.DoesNotContain("   at ", errors);
        Assert.DoesNotContain("'timestamp'", console);
    }

    [Fact]
    public async Task A_binary_file_is_refused_without_echoing_its_bytes()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllBytesAsync(PathOf("image.png"), [0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x1b, 0x5b, 0x32, 0x4a]);

        var (exitCode, _, errors) = await CliAsync("analyze", "--input", PathOf("image.png"), "--out", PathOf("out"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains("it is not text", errors);
        Assert.DoesNotContain("\u001b", errors);
    }

    [Fact]
    public async Task Rows_that_cannot_be_records_are_counted_and_named_and_the_rest_is_analysed()
    {
        await GenerateAsync();
        var lines = File.ReadAllLines(Path.Combine(DataSet, OutputFiles.SyntheticData));
        lines[3] = lines[3].Replace("2026-01-05T", "yesterday-", StringComparison.Ordinal);
        lines[5] = string.Join(',', lines[5].Split(',').Select((field, i) => i == 2 ? "trace" : field));
        await File.WriteAllLinesAsync(PathOf("damaged.csv"), lines);

        var (exitCode, console, errors) = await CliAsync("analyze", "--input", PathOf("damaged.csv"), "--out", PathOf("out"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("2 record(s) could not be read and were left out:", console);
        Assert.Contains($"{PathOf("damaged.csv")}, line 4, timestamp: 'yesterday-", console);
        Assert.Contains($"{PathOf("damaged.csv")}, line 6, kind: 'trace' is not metric, event, log or span", console);
        Assert.Contains("Read 5,998 records", console);
    }

    [Fact]
    public async Task Metric_readings_of_NaN_are_told_as_gaps_per_metric_not_as_records_that_could_not_be_read()
    {
        await GenerateAsync();
        var lines = File.ReadAllLines(Path.Combine(DataSet, OutputFiles.SyntheticData));
        var metricLines = Enumerable.Range(1, lines.Length - 1).Where(i => lines[i].Split(',')[2] == "metric").Take(3).ToList();
        foreach (var i in metricLines)
        {
            lines[i] = string.Join(',', lines[i].Split(',').Select((field, column) => column == 6 ? "NaN" : field));
        }

        await File.WriteAllLinesAsync(PathOf("gaps.csv"), lines);

        var (exitCode, console, errors) = await CliAsync("analyze", "--input", PathOf("gaps.csv"), "--out", PathOf("out"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        var text = console.ReplaceLineEndings("");
        Assert.Contains("3 metric reading(s) without a value", text);
        Assert.Contains($"(the first: {PathOf("gaps.csv")}, line {metricLines[0] + 1}, value)", text);
        Assert.DoesNotContain("could not be read", text);
        Assert.Contains("Read 5,997 records", text);
    }

    [Fact]
    public async Task Timestamps_written_as_unix_milliseconds_give_the_same_anomalies()
    {
        await GenerateAsync();
        var lines = File.ReadAllLines(Path.Combine(DataSet, OutputFiles.SyntheticData));
        var unix = lines.Select((line, i) =>
        {
            if (i == 0)
            {
                return line;
            }

            var fields = line.Split(',');
            var time = DateTime.Parse(fields[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            fields[1] = new DateTimeOffset(time).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            return string.Join(',', fields);
        });
        await File.WriteAllLinesAsync(PathOf("unix.csv"), unix);

        var (isoExit, _, isoErrors) = await CliAsync("analyze", "--input", Path.Combine(DataSet, OutputFiles.SyntheticData), "--out", PathOf("iso"));
        var (unixExit, console, unixErrors) = await CliAsync("analyze", "--input", PathOf("unix.csv"), "--out", PathOf("unix"));

        Assert.True(isoExit == EmbeddedPipeline.Succeeded, isoErrors);
        Assert.True(unixExit == EmbeddedPipeline.Succeeded, unixErrors);
        Assert.DoesNotContain("could not be read", console);
        Assert.Equal(Anomalies(PathOf("iso")), Anomalies(PathOf("unix")));
    }

    [Fact]
    public async Task An_empty_folder_or_a_single_series_given_as_input_is_refused_saying_what_it_is()
    {
        Directory.CreateDirectory(PathOf("empty"));
        await File.WriteAllTextAsync(PathOf("empty/.DS_Store"), "\0");
        await File.WriteAllTextAsync(PathOf("series.csv"), "timestamp,value\n2026-01-05T00:00:00Z,1\n");

        var (folderExit, _, folderErrors) = await CliAsync("analyze", "--input", PathOf("empty"), "--out", PathOf("out"));
        var (seriesExit, _, seriesErrors) = await CliAsync("analyze", "--input", PathOf("series.csv"), "--out", PathOf("out"));

        Assert.Equal([EmbeddedPipeline.InvalidConfiguration, EmbeddedPipeline.InvalidConfiguration], [folderExit, seriesExit]);
        Assert.Contains($"{PathOf("empty")}: the folder holds no file to read", folderErrors);
        Assert.Contains("A single timestamp,value series is scored with detect.", seriesErrors);
    }

    [Fact]
    public async Task A_folder_is_every_file_under_it_but_hidden_ones_and_the_analysis_own_output()
    {
        await GenerateAsync();
        var lines = await File.ReadAllLinesAsync(Path.Combine(DataSet, OutputFiles.SyntheticData));
        var archive = PathOf("archive");
        Directory.CreateDirectory(Path.Combine(archive, "2026", "01", "05"));
        await File.WriteAllLinesAsync(Path.Combine(archive, "2026", "01", "05", "a.csv"), lines[..3000]);
        await File.WriteAllLinesAsync(Path.Combine(archive, "2026", "01", "05", "b.csv"), [lines[0], .. lines[3000..]]);
        await File.WriteAllTextAsync(Path.Combine(archive, ".DS_Store"), "\0\0");
        var inside = Path.Combine(archive, "analysis");

        var (fileExit, _, fileErrors) = await CliAsync("analyze", "--input", Path.Combine(DataSet, OutputFiles.SyntheticData), "--out", PathOf("from-file"));
        var (firstExit, _, firstErrors) = await CliAsync("analyze", "--input", archive, "--out", inside);
        var (againExit, console, againErrors) = await CliAsync("analyze", "--input", archive, "--out", inside);

        Assert.True(fileExit == EmbeddedPipeline.Succeeded, fileErrors);
        Assert.True(firstExit == EmbeddedPipeline.Succeeded, firstErrors);
        Assert.True(againExit == EmbeddedPipeline.Succeeded, againErrors);
        Assert.Contains("Read 6,000 records", console);
        Assert.Equal(Anomalies(PathOf("from-file")), Anomalies(inside));
    }

    [Fact]
    public async Task A_missing_incidents_file_is_refused_before_any_work()
    {
        await GenerateAsync();

        var (exitCode, console, errors) = await CliAsync("analyze", "--input", Path.Combine(DataSet, OutputFiles.SyntheticData),
            "--incidents", PathOf("nowhere.json"), "--out", PathOf("out"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"{PathOf("nowhere.json")}: no such file", errors);
        Assert.DoesNotContain("Read ", console);
    }

    [Fact]
    public async Task A_missing_input_file_is_refused_on_the_error_console_and_the_output_holds_nothing_of_it()
    {
        var (exitCode, console, errors) = await CliAsync("analyze", "--input", PathOf("absent.csv"), "--out", PathOf("out"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"Cannot analyse: {PathOf("absent.csv")}", errors);
        Assert.DoesNotContain("Cannot analyse", console);
        Assert.DoesNotContain(PathOf("absent.csv"), console);
    }

    [Fact]
    public async Task A_network_delay_that_shows_only_in_the_calls_reaching_a_service_names_that_service_first()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(PathOf("traces.csv"), NetworkDelayTelemetry.Csv());
        await File.WriteAllTextAsync(PathOf("incidents.json"), NetworkDelayTelemetry.Incidents());

        var (exitCode, _, errors) = await CliAsync("analyze", "--input", PathOf("traces.csv"), "--incidents", PathOf("incidents.json"), "--out", PathOf("out"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        using var evaluation = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(PathOf("out"), OutputFiles.Evaluation)));
        var match = evaluation.RootElement.GetProperty("per_incident")[0];
        using var anomalies = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(PathOf("out"), OutputFiles.Anomalies)));
        var incident = anomalies.RootElement.GetProperty("incidents").EnumerateArray()
            .Single(i => i.GetProperty("incident_id").GetString() == match.GetProperty("detected_incident_id").GetString());
        var first = incident.GetProperty("candidates")[0];
        // cart's own spans never changed; the calls into it, from both its callers, took longer to get there.
        Assert.True(match.GetProperty("rank").ValueKind == JsonValueKind.Number && match.GetProperty("rank").GetInt32() == 1, incident.ToString());
        Assert.Equal("cart", first.GetProperty("service").GetString());
        Assert.Contains(first.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.StartsWith("calls into it (checkout, gateway)", StringComparison.Ordinal));
        var byType = Assert.Single(evaluation.RootElement.GetProperty("by_fault_type").EnumerateArray());
        Assert.Equal(("latency_injection", 1, 1.0), (byType.GetProperty("fault_type").GetString(), byType.GetProperty("incidents").GetInt32(), byType.GetProperty("ac_at_1").GetDouble()));
    }

    /// <summary>The detected anomalies without the run id, which differs between two analyses.</summary>
    private static string Anomalies(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, OutputFiles.Anomalies)));
        return json.RootElement.GetProperty("anomalies").GetRawText() + json.RootElement.GetProperty("incidents").GetRawText();
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
