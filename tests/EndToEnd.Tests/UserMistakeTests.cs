namespace AnomalyPlatform.EndToEnd.Tests;

/// <summary>A user's mistake ends with the one line that says what to fix and its exit code, not a stack trace.</summary>
public sealed class UserMistakeTests
{
    [Theory]
    [InlineData("--records: '-5' is out of range: from 1 to 100,000,000.", "run", "--records", "-5")]
    [InlineData("needs an API key", "run", "--llm", "openai")]
    // Said before the input is read (a day of telemetry takes a while): the missing file is not even reached.
    [InlineData("needs an API key", "analyze", "--input", "/no/such/telemetry.csv.gz", "--llm", "openai")]
    public async Task A_bad_setting_prints_one_clear_message_and_no_stack_trace(string message, params string[] arguments)
    {
        var output = Path.Combine(Path.GetTempPath(), "anomaly-mistake-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, console, _, _) = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["GROQ_API_KEY"] = "" }, TimeSpan.FromMinutes(2), null, [.. arguments, "--out", output]);

            Assert.Equal(2, exitCode);
            Assert.Contains(message, console);
            Assert.DoesNotContain("   at ", console);
            Assert.DoesNotContain("Hosting failed to start", console);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("Generator__StartTime", "9999-12-31T23:59:00Z", "Generator:StartTime must be between 1970-01-01 and 2999-12-31.")]
    [InlineData("Generator__Topolgy__File", "estate.json", "Generator:Topolgy is not a generator setting")]
    [InlineData("Detector__Contaminaton", "0.05", "Detector:Contaminaton is not a detector setting")]
    [InlineData("RootCause__TopKk", "5", "RootCause:TopKk is not a root-cause setting")]
    public async Task A_bad_setting_in_the_environment_prints_one_clear_message_and_no_stack_trace(string variable, string value, string message)
    {
        var output = Path.Combine(Path.GetTempPath(), "anomaly-mistake-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, console, _, errors) = await CliProcess.RunAsync(
                new Dictionary<string, string> { [variable] = value }, TimeSpan.FromMinutes(2), null, "run", "--records", "2000", "--out", output);

            Assert.Equal(2, exitCode);
            Assert.Contains(message, errors);
            Assert.DoesNotContain("   at ", console);
            Assert.DoesNotContain("generate started", console);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Misspelt_keys_in_two_sections_are_both_told_with_exit_code_2_and_no_stack_trace()
    {
        // Start throws the two sections' failures together, which had ended the run with exit code 1 and a stack trace.
        var output = Path.Combine(Path.GetTempPath(), "anomaly-mistake-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, console, _, errors) = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["Detector__Contaminaton"] = "0.05", ["RootCause__TopKk"] = "5" },
                TimeSpan.FromMinutes(2), null, "run", "--records", "2000", "--out", output);

            Assert.Equal(2, exitCode);
            Assert.Contains("Detector:Contaminaton is not a detector setting", errors);
            Assert.Contains("RootCause:TopKk is not a root-cause setting", errors);
            Assert.DoesNotContain("   at ", console);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_topology_file_with_a_null_route_prints_one_clear_message_naming_the_file_and_key()
    {
        var topology = Path.Combine(Path.GetTempPath(), "anomaly-topology-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(topology,
            "{ \"Routes\": [ { \"Name\": \"r\" } ], \"Services\": [ { \"Name\": \"a\", \"Calls\": [ { \"Callee\": \"b\", \"Routes\": [ null ] } ] }, { \"Name\": \"b\" } ] }");
        var output = Path.Combine(Path.GetTempPath(), "anomaly-mistake-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, console, _, _) = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["Generator__Topology__File"] = topology }, TimeSpan.FromMinutes(2), null,
                "generate", "--records", "2000", "--out", output);

            Assert.Equal(2, exitCode);
            Assert.Contains($"Generator:Topology:File '{topology}': Services:0:Calls:0:Routes:0 must not be empty.", console);
            Assert.DoesNotContain("   at ", console);
        }
        finally
        {
            File.Delete(topology);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_setting_that_is_not_a_number_is_told_on_standard_error_and_standard_output_holds_none_of_it()
    {
        const string message = "Invalid configuration: Generator:Records is 'abc', which is not a whole number.";
        var folder = Directory.CreateTempSubdirectory("anomaly-mistake-").FullName;
        try
        {
            var (exitCode, _, output, errors) = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["Generator__Records"] = "abc" }, TimeSpan.FromMinutes(2), null, "run", "--out", folder);

            Assert.Equal(2, exitCode);
            Assert.Contains(message, errors);
            Assert.DoesNotContain(message, output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_input_file_is_told_on_standard_error_and_standard_output_holds_none_of_it()
    {
        var folder = Directory.CreateTempSubdirectory("anomaly-mistake-").FullName;
        var input = Path.Combine(folder, "absent.csv");
        try
        {
            var (exitCode, _, output, errors) = await CliProcess.RunAsync(
                new Dictionary<string, string>(), TimeSpan.FromMinutes(2), null, "detect", "--input", input, "--output", Path.Combine(folder, "scores.csv"));

            Assert.Equal(2, exitCode);
            Assert.Contains($"{input}: file not found.", errors);
            Assert.DoesNotContain(input, output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_output_folder_that_cannot_be_made_is_refused_before_any_data_is_generated()
    {
        var file = Path.Combine(Path.GetTempPath(), "anomaly-not-a-folder-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "a file where a folder should be");
        try
        {
            var (exitCode, console, _, _) = await CliProcess.RunAsync(
                new Dictionary<string, string>(), TimeSpan.FromMinutes(2), null, "run", "--out", Path.Combine(file, "out"));

            Assert.Equal(2, exitCode);
            Assert.Contains($"The output folder {Path.Combine(file, "out")} cannot be written", console);
            Assert.DoesNotContain("generate started", console);
            Assert.DoesNotContain("   at ", console);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
