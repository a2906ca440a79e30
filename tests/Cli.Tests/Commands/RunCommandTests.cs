using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Cli.Embedded;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Commands;

public sealed class RunCommandTests
{
    [Theory]
    [InlineData("--records", "0", "Generator:Records")]
    [InlineData("--error-rate", "0.9", "Generator:ErrorRate")]
    [InlineData("--anomaly-rate", "0.75", "Generator:AnomalyRate")]
    public async Task Out_of_range_value_stops_the_run_before_it_starts_and_names_the_setting(string flag, string value, string setting)
    {
        var console = new TestConsole();
        var output = Path.Combine(Path.GetTempPath(), "anomaly-apphost-" + Guid.NewGuid().ToString("N"));

        var exitCode = await PlatformCli.Create(console).Parse(["run", flag, value, "--out", output]).InvokeAsync();

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains("Invalid configuration", console.Output);
        Assert.Contains(setting, console.Output);
        Assert.False(File.Exists(Path.Combine(output, "synthetic_data.csv")));
    }
}
