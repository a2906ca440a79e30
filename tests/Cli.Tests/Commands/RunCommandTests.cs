using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Cli.Embedded;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Commands;

public sealed class RunCommandTests
{
    [Theory]
    [InlineData("--records", "0", "--records: '0' is out of range: from 1 to 100,000,000.")]
    [InlineData("--error-rate", "0.9", "--error-rate: '0.9' is out of range: from 0 to 0.5.")]
    [InlineData("--anomaly-rate", "0.75", "--anomaly-rate: '0.75' is out of range: from 0 to 0.5.")]
    [InlineData("--segment-records", "10", "--segment-records: '10' is out of range: from 1,000 to 100,000,000.")]
    public async Task Out_of_range_value_stops_the_run_before_it_starts_and_names_the_flag_on_the_error_console(string flag, string value, string message)
    {
        var console = new TestConsole();
        var error = new StringWriter();
        var output = Path.Combine(Path.GetTempPath(), "anomaly-apphost-" + Guid.NewGuid().ToString("N"));

        var exitCode = await PlatformCli.InvokeAsync(
            console, new TestConsole(), ["run", flag, value, "--out", output], new System.CommandLine.InvocationConfiguration { Error = error, Output = new StringWriter() });

        Assert.Equal(PlatformCli.UsageError, exitCode);
        Assert.Contains(message, error.ToString());
        Assert.DoesNotContain(message, console.Output);
        Assert.False(File.Exists(Path.Combine(output, "synthetic_data.csv")));
    }

    [Fact]
    public async Task The_retired_distributed_flag_is_refused_on_the_error_console_with_exit_code_2()
    {
        var console = new TestConsole();
        var errors = new TestConsole();
        errors.Profile.Width = 400;

        var exitCode = await PlatformCli.Create(console, errors)
            .Parse(["run", "--distributed", "--out", Path.Combine(Path.GetTempPath(), "anomaly-retired-" + Guid.NewGuid().ToString("N"))])
            .InvokeAsync();

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains("Invalid configuration: --distributed and --detectors are gone", errors.Output);
        Assert.Equal("", console.Output);
    }

    [Fact]
    public async Task Run_writes_a_self_contained_report_and_prints_its_path_last()
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        var output = Path.Combine(Path.GetTempPath(), "anomaly-run-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var exitCode = await PlatformCli.Create(console, errors).Parse(["run", "--records", "3000", "--seed", "7", "--out", output]).InvokeAsync();

            Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors.Output);
            Assert.Equal("", errors.Output);
            var report = Path.Combine(output, "report.html");
            var lastLine = console.Output.TrimEnd().Split('\n')[^1];
            Assert.StartsWith("Report (", lastLine, StringComparison.Ordinal);
            Assert.EndsWith(report, lastLine.TrimEnd(), StringComparison.Ordinal);
            var html = await File.ReadAllTextAsync(report);
            Assert.Contains("<section id=\"incidents\">", html, StringComparison.Ordinal);
            // The pipeline's call graph and curves reach the report, not only the files.
            Assert.Contains("chart pr-curves", html, StringComparison.Ordinal);
            Assert.Contains("chart call-graph", html, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
