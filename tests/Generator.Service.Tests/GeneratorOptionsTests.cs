using AnomalyPlatform.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator.Tests;

public sealed class GeneratorOptionsTests
{
    [Theory]
    [InlineData("Records", "0", "Generator:Records must be between 1 and 100000000")]
    [InlineData("Records", "100000001", "Generator:Records must be between 1 and 100000000")]
    [InlineData("ErrorRate", "0.51", "Generator:ErrorRate must be between 0 and 0.5")]
    [InlineData("ErrorRate", "-0.1", "Generator:ErrorRate must be between 0 and 0.5")]
    [InlineData("AnomalyRate", "0.6", "Generator:AnomalyRate must be between 0 and 0.5")]
    [InlineData("IncidentSpacingMinutes", "0", "Generator:IncidentSpacingMinutes must be between 1 and 1440")]
    [InlineData("BatchSize", "0", "Generator:BatchSize must be between 1 and 100000")]
    [InlineData("BatchSize", "100001", "Generator:BatchSize must be between 1 and 100000")]
    [InlineData("StartTime", "9999-12-31T23:59:00Z", "Generator:StartTime must be between 1970-01-01 and 2999-12-31")]
    [InlineData("StartTime", "0001-01-01", "Generator:StartTime must be between 1970-01-01 and 2999-12-31")]
    [InlineData("Topolgy:File", "estate.json", "Generator:Topolgy is not a generator setting; known: Records, Seed,")]
    [InlineData("Recrods", "50000", "Generator:Recrods is not a generator setting")]
    public async Task Host_start_rejects_out_of_range_or_unknown_setting_naming_it(string setting, string value, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"Generator:{setting}"] = value });
        builder.AddServiceDefaults();
        builder.AddGenerator();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Generator_constructor_rejects_invalid_options_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new TelemetryGenerator(new GeneratorOptions { AnomalyRate = 0.7 }));

        Assert.Contains("Generator:AnomalyRate", error.Message);
    }

    [Fact]
    public void Run_id_defaults_to_run_and_seed()
    {
        Assert.Equal("run-7", new GeneratorOptions { Seed = 7 }.ResolveRunId());
        Assert.Equal("nightly", new GeneratorOptions { Seed = 7, RunId = "nightly" }.ResolveRunId());
    }
}
