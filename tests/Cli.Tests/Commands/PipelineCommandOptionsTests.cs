using System.CommandLine;
using AnomalyPlatform.Cli.Commands;

namespace AnomalyPlatform.Cli.Tests.Commands;

public sealed class PipelineCommandOptionsTests
{
    private static (ParseResult Result, PipelineCommandOptions Options) Parse(params string[] args)
    {
        var options = new PipelineCommandOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return (command.Parse(args), options);
    }

    [Fact]
    public void Each_flag_overrides_its_configuration_key()
    {
        var (result, options) = Parse(
            "--records", "1000000", "--seed", "7", "--error-rate", "0.05", "--anomaly-rate", "0.02", "--run-id", "nightly-1", "--out", "data/run1",
            "--llm", "openai", "--llm-model", "llama-3.1-8b-instant", "--llm-base-url", "http://127.0.0.1:11434/v1", "--transport", "inprocess");

        var overrides = options.ToConfigurationOverrides(result);

        Assert.Empty(result.Errors);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["Generator:Records"] = "1000000",
            ["Generator:Seed"] = "7",
            ["Generator:ErrorRate"] = "0.05",
            ["Generator:AnomalyRate"] = "0.02",
            ["Generator:RunId"] = "nightly-1",
            ["Output:Directory"] = "data/run1",
            ["Llm:Provider"] = "openai",
            ["Llm:Model"] = "llama-3.1-8b-instant",
            ["Llm:BaseUrl"] = "http://127.0.0.1:11434/v1",
            ["Messaging:Transport"] = "InProcess",
        }, overrides);
    }

    [Fact]
    public void Flags_not_given_leave_lower_configuration_layers_in_charge()
    {
        var (result, options) = Parse("--records", "500");

        var overrides = options.ToConfigurationOverrides(result);

        Assert.Equal("500", Assert.Single(overrides).Value);
    }

    [Theory]
    [InlineData("--llm", "chatgpt")]
    [InlineData("--transport", "kafka")]
    [InlineData("--records", "many")]
    public void Unknown_or_malformed_flag_values_are_parse_errors(string flag, string value)
    {
        var (result, _) = Parse(flag, value);

        Assert.NotEmpty(result.Errors);
    }
}
