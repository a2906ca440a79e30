using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Cli.Embedded;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// Bad input gets a clear error and loses nothing: <c>analyze</c> names the file, line and field, counts what it left
/// out, prints no stack trace for a user's mistake, and never stops half-way or drops data without saying so.
/// </summary>
public sealed class DamagedInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("damaged-input-").FullName;

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task A_truncated_gzip_csv_is_refused_naming_the_file_and_how_far_it_got()
    {
        var whole = MeltCsvText.Gzip(MeltCsvText.Text(MeltCsvText.Lines(20_000)));
        await File.WriteAllBytesAsync(PathOf("half.csv.gz"), whole[..(whole.Length / 2)]);

        var (exitCode, console) = await AnalyzeAsync(PathOf("half.csv.gz"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Matches($@"Cannot analyse: {System.Text.RegularExpressions.Regex.Escape(PathOf("half.csv.gz"))}: the file is truncated: .* after [\d,]+ whole lines of text", console);
        Assert.DoesNotContain("Read ", console);
        Assert.DoesNotContain("   at ", console);
    }

    [Fact]
    public async Task A_truncated_gzip_of_otlp_json_lines_is_refused_too()
    {
        var line = """{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1767571200000000000","severityText":"INFO","body":{"stringValue":"ok"}}]}]}]}""";
        var whole = MeltCsvText.Gzip(string.Concat(Enumerable.Repeat(line + "\n", 2000)));
        await File.WriteAllBytesAsync(PathOf("logs.jsonl.gz"), whole[..(whole.Length * 2 / 3)]);

        var (exitCode, console) = await AnalyzeAsync(PathOf("logs.jsonl.gz"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"{PathOf("logs.jsonl.gz")}: the file is truncated", console);
        Assert.DoesNotContain("   at ", console);
    }

    [Fact]
    public async Task A_corrupt_gzip_is_refused_in_one_line_without_a_stack_trace()
    {
        var corrupt = MeltCsvText.Gzip(MeltCsvText.Text(MeltCsvText.Lines(20_000)));
        var random = new Random(2);
        for (var i = 0; i < 50; i++)
        {
            corrupt[(corrupt.Length / 2) + i] = (byte)random.Next(256);
        }

        await File.WriteAllBytesAsync(PathOf("corrupt.csv.gz"), corrupt);

        var (exitCode, console) = await AnalyzeAsync(PathOf("corrupt.csv.gz"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"Cannot analyse: {PathOf("corrupt.csv.gz")}: the gzip data", console);
        Assert.Contains("corrupt", console);
        Assert.DoesNotContain("Unhandled exception", console);
        Assert.DoesNotContain("   at ", console);
    }

    private async Task<(int ExitCode, string Console)> AnalyzeAsync(params string[] arguments)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var exitCode = await PlatformCli.Create(console).Parse(["analyze", "--input", .. arguments, "--out", PathOf("out")]).InvokeAsync();
        return (exitCode, console.Output);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
