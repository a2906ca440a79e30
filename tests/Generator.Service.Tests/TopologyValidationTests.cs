using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator.Tests;

public sealed class TopologyValidationTests
{
    private static async Task<string> StartFailure(Dictionary<string, string?> settings)
    {
        using var host = TopologyHost.Build(settings);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        return error.Message;
    }

    private static async Task<IEnumerable<string>> StartFailures(Dictionary<string, string?> settings)
    {
        using var host = TopologyHost.Build(settings);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        return error.Failures;
    }

    [Theory]
    [InlineData("Generator:Topology:Services:0:Calls:0:Callee 'ghost' is not a service of the topology",
        "Services:0:Name=a", "Services:0:Calls:0:Callee=ghost")]
    [InlineData("Generator:Topology:Services: the calls must form a DAG, but they have a cycle: a -> b -> c -> a",
        "EntryService=a", "Services:0:Name=a", "Services:0:Calls:0:Callee=b", "Services:1:Name=b", "Services:1:Calls:0:Callee=c",
        "Services:2:Name=c", "Services:2:Calls:0:Callee=a")]
    [InlineData("cycle: a -> a", "Services:0:Name=a", "Services:0:Calls:0:Callee=a")]
    [InlineData("Generator:Topology:Services:1:Name 'a' is already used by Services:0; service names must be unique",
        "Services:0:Name=a", "Services:1:Name=a")]
    [InlineData("Generator:Topology:Services:1:Name is required", "Services:0:Name=a", "Services:1:Instances=2")]
    [InlineData("Generator:Topology:EntryService is not set and no single service is free of callers to take its place (services without a caller: a, b)",
        "Services:0:Name=a", "Services:1:Name=b")]
    [InlineData("Generator:Topology:EntryService 'gateway' is not a service of the topology",
        "EntryService=gateway", "Services:0:Name=a")]
    [InlineData("Generator:Topology:Services: b cannot be reached from the entry service 'a'",
        "EntryService=a", "Services:0:Name=a", "Services:1:Name=b", "Services:1:Calls:0:Callee=a")]
    [InlineData("Generator:Topology:Services:0:Instances must be between 1 and 100 (found 0)", "Services:0:Name=a", "Services:0:Instances=0")]
    [InlineData("Generator:Topology:Services:0:Instances must be between 1 and 100 (found 101)", "Services:0:Name=a", "Services:0:Instances=101")]
    [InlineData("Generator:Topology:Services must list between 1 and 200 services (found 0)", "EntryService=a")]
    [InlineData("Generator:Topology:Services:0:SelfLatencyMs must be above 0 and at most 60000 (found 0)", "Services:0:Name=a", "Services:0:SelfLatencyMs=0")]
    [InlineData("Generator:Topology:Services:0:ErrorProbability must be between 0 and 1 (found 1.5)", "Services:0:Name=a", "Services:0:ErrorProbability=1.5")]
    [InlineData("Generator:Topology:Services:0:CpuBasePercent must be between 0 and 100 (found -1)", "Services:0:Name=a", "Services:0:CpuBasePercent=-1")]
    [InlineData("Generator:Topology:Services:0:MemoryBaseMb must be above 0 and at most 1048576 (found 0)", "Services:0:Name=a", "Services:0:MemoryBaseMb=0")]
    [InlineData("Generator:Topology:Services:0:Operations:1 must not be empty", "Services:0:Name=a", "Services:0:Operations:0=op", "Services:0:Operations:1= ")]
    [InlineData("Generator:Topology:Services:0:Calls:0:Probability must be between 0 and 1 (found 1.2)",
        "Services:0:Name=a", "Services:0:Calls:0:Callee=b", "Services:0:Calls:0:Probability=1.2", "Services:1:Name=b")]
    [InlineData("Generator:Topology:Services:0:Calls:0:Callee is required", "Services:0:Name=a", "Services:0:Calls:0:Probability=0.5")]
    [InlineData("Generator:Topology:Services:0:Calls:0:Routes:0 'buy' is not a route of Generator:Topology:Routes; known routes: browse",
        "Routes:0:Name=browse", "Services:0:Name=a", "Services:0:Calls:0:Callee=b", "Services:0:Calls:0:Routes:0=buy", "Services:1:Name=b")]
    [InlineData("Generator:Topology:Services:0:Calls:0:Routes:0 'buy' names a route, but Generator:Topology:Routes is empty",
        "Services:0:Name=a", "Services:0:Calls:0:Callee=b", "Services:0:Calls:0:Routes:0=buy", "Services:1:Name=b")]
    [InlineData("Generator:Topology:Routes:1:Name 'home' is already used by Routes:0; route names must be unique",
        "Routes:0:Name=home", "Routes:1:Name=home", "Services:0:Name=a")]
    [InlineData("Generator:Topology:Routes:0:Weight must be a number above 0 and at most 1000000000 (found 0)", "Routes:0:Name=home", "Routes:0:Weight=0", "Services:0:Name=a")]
    [InlineData("Generator:Topology:Routes:1:Weight must be a number above 0 and at most 1000000000 (found 1E+308)",
        "Routes:0:Name=home", "Routes:0:Weight=1e308", "Routes:1:Name=search", "Routes:1:Weight=1e308", "Services:0:Name=a")]
    [InlineData("Generator:Topology:Services:0:Instance is not a topology setting", "Services:0:Name=a", "Services:0:Instance=3")]
    [InlineData("Generator:Topology:Services:0:Calls:0:Calee is not a topology setting", "Services:0:Name=a", "Services:0:Calls:0:Calee=b")]
    [InlineData("Generator:Topology:Services:0:Instances must be a whole number (found 'two')", "Services:0:Name=a", "Services:0:Instances=two")]
    [InlineData("Generator:Topology:Services:0:Instances has no value; give a whole number or leave the key out for its default",
        "Services:0:Name=a", "Services:0:Instances=")]
    [InlineData("Generator:Topology:Services:0:Operations must be a list such as [ \"...\" ], not a single value (found 'GET /')",
        "Services:0:Name=a", "Services:0:Operations=GET /")]
    [InlineData("Generator:Topology:Services:0:Calls:0:Routes must be a list such as [ \"...\" ], not a single value (found 'buy')",
        "Routes:0:Name=browse", "Routes:1:Name=buy", "Services:0:Name=a", "Services:0:Calls:0:Callee=b", "Services:0:Calls:0:Routes=buy", "Services:1:Name=b")]
    [InlineData("Generator:Topology:Services:1:Calls:0:Probability must be a number (found 'high')",
        "Services:0:Name=a", "Services:0:Calls:0:Callee=b", "Services:1:Name=b", "Services:1:Calls:0:Callee=c", "Services:1:Calls:0:Probability=high",
        "Services:2:Name=c")]
    [InlineData("Generator:Topology:File is set together with inline Generator:Topology:Services/Routes/EntryService",
        "File=estate.json", "Services:0:Name=a")]
    public async Task Invalid_topology_setting_fails_start_with_a_message_naming_it(string expected, params string[] settings)
    {
        var message = await StartFailure(TopologyHost.Topology(settings));

        Assert.Contains(expected, message);
    }

    [Fact]
    public async Task A_service_with_a_value_that_is_not_a_number_is_reported_for_that_value_alone_not_as_missing_from_its_callers()
    {
        var failures = await StartFailures(TopologyHost.Topology(
            "Services:0:Name=a", "Services:0:Calls:0:Callee=b", "Services:1:Name=b", "Services:1:SelfLatencyMs=slow"));

        Assert.Equal("Generator:Topology:Services:1:SelfLatencyMs must be a number (found 'slow').", Assert.Single(failures));
    }

    [Fact]
    public async Task Topology_given_a_file_name_as_its_own_value_fails_start_pointing_to_the_file_setting()
    {
        var message = await StartFailure(new Dictionary<string, string?> { ["Generator:Topology"] = "estate.json" });

        Assert.Contains("Generator:Topology must hold the topology's settings, not a single value (found 'estate.json'); " +
            "to read a topology file, set Generator:Topology:File.", message);
    }

    [Fact]
    public async Task More_than_two_hundred_services_are_rejected()
    {
        var settings = TopologyHost.Topology("EntryService=s0");
        for (var i = 0; i <= TopologyOptions.MaxServices; i++)
        {
            settings[$"Generator:Topology:Services:{i}:Name"] = $"s{i}";
            settings[$"Generator:Topology:Services:{i}:Instances"] = "1";
        }

        var message = await StartFailure(settings);

        Assert.Contains("Generator:Topology:Services must list between 1 and 200 services (found 201)", message);
    }

    [Fact]
    public async Task Two_hundred_services_in_a_chain_are_accepted()
    {
        var settings = TopologyHost.Topology();
        for (var i = 0; i < TopologyOptions.MaxServices; i++)
        {
            settings[$"Generator:Topology:Services:{i}:Name"] = $"s{i}";
            settings[$"Generator:Topology:Services:{i}:Instances"] = "1";
            if (i + 1 < TopologyOptions.MaxServices)
            {
                settings[$"Generator:Topology:Services:{i}:Calls:0:Callee"] = $"s{i + 1}";
                settings[$"Generator:Topology:Services:{i}:Calls:0:Probability"] = "0.5";
            }
        }

        using var host = TopologyHost.Build(settings);
        await host.StartAsync();

        Assert.Equal(TopologyOptions.MaxServices, host.Services.GetRequiredService<ServiceTopology>().Services.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task Call_graph_whose_requests_would_fan_out_to_huge_traces_is_rejected()
    {
        // Ten layers of two services, each calling both services of the next layer: 2^(k+1) calls reach layer k, 2047 in all.
        var settings = TopologyHost.Topology("Services:0:Name=entry", "Services:0:Calls:0:Callee=l0a", "Services:0:Calls:1:Callee=l0b");
        var index = 1;
        for (var layer = 0; layer < 10; layer++)
        {
            foreach (var side in new[] { "a", "b" })
            {
                settings[$"Generator:Topology:Services:{index}:Name"] = $"l{layer}{side}";
                if (layer < 9)
                {
                    settings[$"Generator:Topology:Services:{index}:Calls:0:Callee"] = $"l{layer + 1}a";
                    settings[$"Generator:Topology:Services:{index}:Calls:1:Callee"] = $"l{layer + 1}b";
                }

                index++;
            }
        }

        var message = await StartFailure(settings);

        Assert.Contains("Generator:Topology:Services: a request would make about 2047 calls (spans) on average, more than 500", message);
    }

    [Fact]
    public async Task Every_problem_is_reported_not_just_the_first()
    {
        var message = await StartFailure(TopologyHost.Topology(
            "Services:0:Name=a", "Services:0:Instances=0", "Services:1:Name=a", "Services:1:SelfLatencyMs=-2"));

        Assert.Contains("Services:0:Instances", message);
        Assert.Contains("Services:1:Name 'a' is already used", message);
        Assert.Contains("Services:1:SelfLatencyMs", message);
    }

    [Fact]
    public async Task Missing_topology_file_fails_start_naming_the_setting_and_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var message = await StartFailure(TopologyHost.Topology($"File={path}"));

        Assert.Contains($"Generator:Topology:File '{path}' was not found", message);
    }

    [Fact]
    public async Task Topology_file_setting_that_names_a_folder_fails_start_saying_so()
    {
        var folder = Directory.CreateTempSubdirectory("topology-").FullName;
        try
        {
            var message = await StartFailure(TopologyHost.Topology($"File={folder}"));

            Assert.Contains($"Generator:Topology:File '{folder}' is a folder", message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Theory]
    [InlineData("{ \"Services\": [ { \"Name\": \"a\", \"Calls\": [ { \"Callee\": \"ghost\" } ] } ] }", "Services:0:Calls:0:Callee 'ghost' is not a service")]
    [InlineData("{ \"Services\": [ { \"Name\": \"a\", \"Replicas\": 2 } ] }", "Services:0:Replicas is not a topology setting")]
    [InlineData("{ \"Services\": [ { \"Name\": \"a\" ", "not a readable JSON topology")]
    [InlineData("{ }", "Services must list between 1 and 200 services (found 0)")]
    [InlineData("{ \"File\": \"other.json\", \"Services\": [ { \"Name\": \"a\" } ] }", "File cannot be set inside a topology file")]
    [InlineData("{ \"Routes\": [ { \"Name\": \"r\" } ], \"Services\": [ { \"Name\": \"a\", \"Calls\": [ { \"Callee\": \"b\", \"Routes\": [ null ] } ] }, { \"Name\": \"b\" } ] }",
        "Services:0:Calls:0:Routes:0 must not be empty")]
    [InlineData("{ \"Services\": [ { \"Name\": \"a\", \"Instances\": 2.5 } ] }", "Services:0:Instances must be a whole number (found '2.5')")]
    [InlineData("{ \"Services\": [ { \"Name\": \"a\", \"Instances\": 100000000000 } ] }",
        "Services:0:Instances must be a whole number from -2147483648 to 2147483647 (found '100000000000')")]
    [InlineData("{ \"Services\": [ { \"Name\": \"a\", \"Calls\": [ { \"Callee\": \"b\", \"Probability\": null } ] }, { \"Name\": \"b\" } ] }",
        "Services:0:Calls:0:Probability has no value; give a number or leave the key out for its default")]
    [InlineData("{ \"Services\": { \"Name\": \"a\" } }", "Services must be a list such as [ { ... } ], not an object (found the key 'Name')")]
    [InlineData("{ \"Services\": [ \"a\" ] }", "Services:0 must be an object such as { \"Name\": ... }, not a single value (found 'a')")]
    [InlineData("{ \"Services\": [ { \"Name\": \"a\", \"Operations\": [ { \"Name\": \"GET\" } ] } ] }", "Services:0:Operations:0 must be text, not a list or an object")]
    [InlineData("{ \"Services\": [ { \"Name\": \"a\", \"Calls\": [ { \"Callee\": \"b\", \"Routes\": [ \"buy\" ] } ] }, { \"Name\": \"b\" } ] }",
        "Services:0:Calls:0:Routes:0 'buy' names a route, but the file's Routes is empty.")]
    [InlineData("{ \"Routes\": [ { \"Name\": \"browse\" } ], \"Services\": [ { \"Name\": \"a\", \"Calls\": [ { \"Callee\": \"b\", \"Routes\": [ \"buy\" ] } ] }, { \"Name\": \"b\" } ] }",
        "Services:0:Calls:0:Routes:0 'buy' is not a route of the file's Routes; known routes: browse.")]
    public async Task Invalid_topology_file_fails_start_naming_the_file_and_setting(string json, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"topology-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var message = await StartFailure(TopologyHost.Topology($"File={path}"));

            Assert.Contains($"Generator:Topology:File '{path}': ", message);
            Assert.Contains(expected, message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Topology_file_that_is_not_json_fails_start_naming_the_line_and_byte_counted_from_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"topology-{Guid.NewGuid():N}.json");
        // The list of services is never closed: the reader stops at the brace on line 3.
        File.WriteAllText(path, "{\n  \"Services\": [ { \"Name\": \"a\" }\n}\n");
        try
        {
            var message = await StartFailure(TopologyHost.Topology($"File={path}"));

            Assert.Contains($"Generator:Topology:File '{path}': not a readable JSON topology: line 3, byte 1: ", message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Resolving_the_generator_without_starting_the_host_reports_the_invalid_topology()
    {
        using var host = TopologyHost.Build(TopologyHost.Topology("Services:0:Name=a", "Services:0:Instances=500"));

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<TelemetryGenerator>());

        Assert.Contains("Generator:Topology:Services:0:Instances must be between 1 and 100 (found 500)", error.Message);
    }

    [Fact]
    public void Create_throws_argument_exception_listing_the_problems()
    {
        var options = new TopologyOptions { Services = [new TopologyServiceOptions { Name = "a", Calls = [new TopologyCallOptions { Callee = "nobody" }] }] };

        var error = Assert.Throws<ArgumentException>(() => ConfiguredTopology.Create(options));

        Assert.Contains("Generator:Topology:Services:0:Calls:0:Callee 'nobody'", error.Message);
    }
}
