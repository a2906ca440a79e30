using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.Detector;
using AnomalyPlatform.RootCause;
using AnomalyPlatform.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Cli.Tests.Commands;

public sealed class ConfigurationErrorsTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(static s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }

    [Fact]
    public void A_setting_that_is_not_a_number_is_a_configuration_mistake_naming_the_key()
    {
        var builder = Builder(("Detector:OneClassSvmNu", "abc"));
        builder.AddDetector();
        using var host = builder.Build();

        var thrown = Record.Exception(() => host.Services.GetRequiredService<IOptions<DetectorOptions>>().Value);

        Assert.Equal("Detector:OneClassSvmNu is 'abc', which is not a number (with a point for decimals: 0.5).", ConfigurationErrors.Describe(thrown!));
    }

    [Fact]
    public void A_value_a_setting_cannot_take_is_told_in_the_settings_terms_not_net_types()
    {
        var builder = Builder(("Detector:EnsembleStrategy", "best"));
        builder.AddDetector();
        using var host = builder.Build();

        var thrown = Record.Exception(() => host.Services.GetRequiredService<IOptions<DetectorOptions>>().Value);

        var message = ConfigurationErrors.Describe(thrown!);
        Assert.Equal("Detector:EnsembleStrategy is 'best', which is not one of Max, WeightedVote, SoftVote.", message);
        Assert.DoesNotContain("AnomalyPlatform.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.Double", "Detector:OneClassSvmNu is '0,5', which is not a number (with a point for decimals: 0.5).")]
    [InlineData("System.Boolean", "Detector:OneClassSvmNu is '0,5', which is not true or false.")]
    [InlineData("Some.Unknown.Type", "Failed to convert configuration value '0,5' at 'Detector:OneClassSvmNu' to type 'Some.Unknown.Type'.")]
    public void The_binders_message_names_what_the_setting_takes(string type, string expected)
    {
        var message = ConfigurationErrors.InUsersTerms($"Failed to convert configuration value '0,5' at 'Detector:OneClassSvmNu' to type '{type}'.");

        Assert.Equal(expected, message);
    }

    [Fact]
    public void A_misspelt_model_is_refused_at_start_naming_the_models_there_are()
    {
        var builder = Builder(("Detector:Models:0", "isolation_forrest"));
        builder.AddDetector();
        using var host = builder.Build();

        var thrown = Record.Exception(() => host.Services.GetRequiredService<IOptions<DetectorOptions>>().Value);

        var message = ConfigurationErrors.Describe(thrown!);
        Assert.Contains("Detector:Models may name only", message);
        Assert.Contains("isolation_forest", message);
    }

    [Theory]
    [InlineData("Detector:Contaminaton", "Detector:Contaminaton is not a detector setting; known: Contamination,")]
    [InlineData("RootCause:TopKk", "RootCause:TopKk is not a root-cause setting; known: IncidentGapSeconds,")]
    public void A_misspelt_detector_or_root_cause_key_is_a_configuration_mistake_naming_it(string key, string expected)
    {
        var builder = PipelineHostBuilder.CreateConfigured(new Dictionary<string, string?> { [key] = "5" });
        builder.AddDetector();
        builder.AddRootCause();
        using var host = builder.Build();

        var thrown = Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.StartsWith(expected, ConfigurationErrors.Describe(thrown!), StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_keys_in_two_sections_are_one_configuration_mistake_naming_both()
    {
        var builder = PipelineHostBuilder.CreateConfigured(new Dictionary<string, string?>
        {
            ["Detector:Contaminaton"] = "0.05",
            ["RootCause:TopKk"] = "5",
        });
        builder.AddDetector();
        builder.AddRootCause();
        using var host = builder.Build();

        var thrown = Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        var message = ConfigurationErrors.Describe(thrown!);
        Assert.Contains("Detector:Contaminaton is not a detector setting", message);
        Assert.Contains("RootCause:TopKk is not a root-cause setting", message);
    }

    [Fact]
    public void The_apphost_replica_count_and_the_documented_detector_and_root_cause_keys_pass_the_start_checks()
    {
        var builder = PipelineHostBuilder.CreateConfigured(new Dictionary<string, string?>
        {
            ["Detector:Replicas"] = "2",
            ["Detector:Models:0"] = "statistical",
            ["Detector:CompactBetweenSegments"] = "false",
            ["RootCause:BehaviourWeight"] = "0",
            ["RootCause:MaxCandidates"] = "3",
        });
        builder.AddDetector();
        builder.AddRootCause();
        using var host = builder.Build();

        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void A_settings_file_that_is_not_json_is_a_configuration_mistake_naming_the_file_and_position_counted_from_one()
    {
        var file = Path.Combine(Path.GetTempPath(), $"appsettings-{Guid.NewGuid():N}.json");
        // The comma missing after 10: the error is at the quote that opens "Seed", line 2, third byte.
        File.WriteAllText(file, "{ \"Generator\": { \"Records\": 10\n  \"Seed\": 1 } }");
        try
        {
            var thrown = Record.Exception(() => new ConfigurationBuilder().AddJsonFile(file).Build());

            var message = ConfigurationErrors.Describe(thrown!);
            Assert.Contains(Path.GetFileName(file), message);
            Assert.Contains("line 2, byte 3: '\"' is invalid after a value.", message);
            Assert.DoesNotContain("LineNumber", message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_fault_of_the_program_is_not_passed_off_as_a_configuration_mistake()
    {
        Assert.Null(ConfigurationErrors.Describe(new InvalidOperationException("Sequence contains no elements")));
        Assert.Null(ConfigurationErrors.Describe(new NullReferenceException()));
        Assert.Null(ConfigurationErrors.Describe(new AggregateException(
            new OptionsValidationException("x", typeof(object), ["Detector:Contaminaton is not a detector setting"]),
            new NullReferenceException())));
    }
}
