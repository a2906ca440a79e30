using System.Text.Json;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.ServiceDefaults.Output;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Commands;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "anomaly-generate-" + Guid.NewGuid().ToString("N"));

    /// <summary>Runs <c>generate</c> into a fresh folder: its exit code, what it printed and, apart, what it reported as errors.</summary>
    private async Task<(int ExitCode, string Console, string Errors)> GenerateAsync(params string[] flags)
    {
        var console = new TestConsole();
        console.Profile.Width = 240;
        var errors = new TestConsole();
        errors.Profile.Width = 240;
        var exitCode = await PlatformCli.Create(console, errors).Parse(["generate", "--out", _output, .. flags]).InvokeAsync();
        return (exitCode, console.Output, errors.Output);
    }

    [Fact]
    public async Task Generate_writes_the_data_labels_and_incidents_files_only_with_progress()
    {
        var (exitCode, output, errors) = await GenerateAsync("--records", "12000", "--seed", "7", "--error-rate", "0.05", "--anomaly-rate", "0.02");

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Equal("", errors);
        Assert.Equal(
            [OutputFiles.Incidents, OutputFiles.SyntheticData, OutputFiles.SyntheticLabels],
            Directory.GetFiles(_output).Select(Path.GetFileName).Order());
        Assert.Equal(12_001, File.ReadLines(Path.Combine(_output, OutputFiles.SyntheticData)).Count());
        Assert.Equal("record_id,is_anomaly,anomaly_type,incident_id,is_root_cause", File.ReadLines(Path.Combine(_output, OutputFiles.SyntheticLabels)).First());
        using var incidents = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_output, OutputFiles.Incidents)));
        Assert.True(incidents.RootElement.GetArrayLength() > 0);
        Assert.Contains("generate", output);
        Assert.Contains("done", output);
        Assert.Contains("12,000 records", output);
    }

    [Theory]
    [InlineData("--records", "abc", "--records: 'abc' is not a whole number (digits only, such as 1000).")]
    [InlineData("--records", "1e3", "--records: '1e3' is not a whole number (digits only, such as 1000).")]
    [InlineData("--seed", "99999999999", "--seed: '99999999999' is out of range: from -2147483648 to 2147483647.")]
    [InlineData("--error-rate", "x", "--error-rate: 'x' is not a number")]
    [InlineData("--records", "0", "--records: '0' is out of range: from 1 to 100,000,000.")]
    [InlineData("--records", "-5", "--records: '-5' is out of range: from 1 to 100,000,000.")]
    [InlineData("--error-rate", "0.9", "--error-rate: '0.9' is out of range: from 0 to 0.5.")]
    [InlineData("--anomaly-rate", "0.75", "--anomaly-rate: '0.75' is out of range: from 0 to 0.5.")]
    public async Task A_flag_value_that_is_not_a_number_or_out_of_range_is_a_usage_error_naming_the_flag_not_a_setting_or_a_dotnet_type(string flag, string value, string message)
    {
        var console = new TestConsole();
        var error = new StringWriter();

        var exitCode = await PlatformCli.InvokeAsync(
            console, new TestConsole(), ["generate", "--out", _output, flag, value], new System.CommandLine.InvocationConfiguration { Error = error, Output = new StringWriter() });

        Assert.Equal(PlatformCli.UsageError, exitCode);
        Assert.Contains(message, error.ToString());
        Assert.DoesNotContain("System.", error.ToString());
        Assert.DoesNotContain("Generator:", error.ToString());
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task An_output_folder_that_is_a_file_is_refused_saying_so()
    {
        var file = Path.Combine(Path.GetTempPath(), "anomaly-generate-file-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "keep");
        try
        {
            var errors = new TestConsole();
            errors.Profile.Width = 400;

            var exitCode = await PlatformCli.Create(new TestConsole(), errors).Parse(["generate", "--out", file, "--records", "100"]).InvokeAsync();

            Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
            Assert.Contains($"The output folder {file} is a file: give the name of a folder", errors.Output);
            Assert.Equal("keep", await File.ReadAllTextAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_output_folder_that_cannot_be_made_is_refused_on_the_error_console_before_anything_is_generated()
    {
        var blocker = Path.Combine(Path.GetTempPath(), "anomaly-generate-file-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "");
        try
        {
            var console = new TestConsole();
            console.Profile.Width = 400;
            var errors = new TestConsole();
            errors.Profile.Width = 400;

            var exitCode = await PlatformCli.Create(console, errors).Parse(["generate", "--out", Path.Combine(blocker, "out"), "--records", "100"]).InvokeAsync();
            var empty = await PlatformCli.Create(console, errors).Parse(["generate", "--out", "", "--records", "100"]).InvokeAsync();

            Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
            Assert.Equal(EmbeddedPipeline.InvalidConfiguration, empty);
            Assert.Contains($"Invalid configuration: The output folder {Path.Combine(blocker, "out")} cannot be written", errors.Output);
            Assert.Contains("Output:Directory must name a folder", errors.Output);
            Assert.Equal("", console.Output);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public void Generate_accepts_the_same_generator_flags_as_run()
    {
        var root = PlatformCli.Create(new TestConsole(), new TestConsole());
        static IEnumerable<string> Flags(System.CommandLine.Command command) => command.Options.Select(o => o.Name);
        var generate = root.Subcommands.Single(c => c.Name == "generate");
        var run = root.Subcommands.Single(c => c.Name == "run");

        Assert.Subset(Flags(run).ToHashSet(), Flags(generate).ToHashSet());
        Assert.Equal(["--anomaly-rate", "--error-rate", "--out", "--records", "--run-id", "--seed"], Flags(generate).Where(f => f.StartsWith("--", StringComparison.Ordinal)).Order());
    }

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }
}
