using AnomalyPlatform.Contracts.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.Generator.Tests;

public sealed class ConfiguredTopologyTests
{
    // The sample of the TopologyOptions docs: web -> api -> {orders (buy route only), cache}, orders -> {db, cache}.
    private const string SampleJson = """
        {
          "EntryService": "web",
          "Routes": [
            { "Name": "browse", "Weight": 0.8, "EntryOperation": "GET /" },
            { "Name": "buy", "Weight": 0.2, "EntryOperation": "POST /order" }
          ],
          "Services": [
            { "Name": "web", "Instances": 3, "Operations": [ "GET /", "POST /order" ], "SelfLatencyMs": 4,
              "Calls": [ { "Callee": "api" } ] },
            { "Name": "api", "Instances": 2, "SelfLatencyMs": 2,
              "Calls": [ { "Callee": "orders", "Probability": 1.0, "Routes": [ "buy" ] },
                         { "Callee": "cache", "Probability": 0.9 } ] },
            { "Name": "orders", "Instances": 2, "Operations": [ "PlaceOrder" ], "SelfLatencyMs": 12, "ErrorProbability": 0.005,
              "Calls": [ { "Callee": "db" } ] },
            { "Name": "cache", "Instances": 2, "Operations": [ "GET", "SET" ], "SelfLatencyMs": 0.6 },
            { "Name": "db", "Instances": 1, "Operations": [ "SELECT", "UPDATE" ], "SelfLatencyMs": 4, "MemoryBaseMb": 2400 }
          ]
        }
        """;

    private static readonly HashSet<(string, string)> SampleEdges =
        [("web", "api"), ("api", "orders"), ("api", "cache"), ("orders", "db")];

    private static readonly string[] SampleInstances = ["web-1", "web-2", "web-3", "api-1", "api-2", "orders-1", "orders-2", "cache-1", "cache-2", "db-1"];

    private static Dictionary<string, string?> SampleSettings() => TopologyHost.Topology(
        "EntryService=web",
        "Routes:0:Name=browse", "Routes:0:Weight=0.8", "Routes:0:EntryOperation=GET /",
        "Routes:1:Name=buy", "Routes:1:Weight=0.2", "Routes:1:EntryOperation=POST /order",
        "Services:0:Name=web", "Services:0:Instances=3", "Services:0:Operations:0=GET /", "Services:0:Operations:1=POST /order",
        "Services:0:SelfLatencyMs=4", "Services:0:Calls:0:Callee=api",
        "Services:1:Name=api", "Services:1:Instances=2", "Services:1:SelfLatencyMs=2",
        "Services:1:Calls:0:Callee=orders", "Services:1:Calls:0:Probability=1.0", "Services:1:Calls:0:Routes:0=buy",
        "Services:1:Calls:1:Callee=cache", "Services:1:Calls:1:Probability=0.9",
        "Services:2:Name=orders", "Services:2:Instances=2", "Services:2:Operations:0=PlaceOrder", "Services:2:SelfLatencyMs=12",
        "Services:2:ErrorProbability=0.005", "Services:2:Calls:0:Callee=db",
        "Services:3:Name=cache", "Services:3:Instances=2", "Services:3:Operations:0=GET", "Services:3:Operations:1=SET", "Services:3:SelfLatencyMs=0.6",
        "Services:4:Name=db", "Services:4:Instances=1", "Services:4:Operations:0=SELECT", "Services:4:Operations:1=UPDATE",
        "Services:4:SelfLatencyMs=4", "Services:4:MemoryBaseMb=2400");

    private static List<TelemetryRecord> Generate(IHost host)
    {
        var generator = host.Services.GetRequiredService<TelemetryGenerator>();
        return generator.GenerateBatches().SelectMany(b => b.Records).ToList();
    }

    private static Dictionary<string, string?> WithRun(Dictionary<string, string?> settings, long records)
    {
        settings["Generator:Records"] = records.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Generator:BatchSize"] = "1000";
        return settings;
    }

    [Fact]
    public async Task Configured_five_service_topology_makes_spans_only_along_its_calls()
    {
        using var host = TopologyHost.Build(WithRun(SampleSettings(), 20_000));
        await host.StartAsync();

        var records = Generate(host);

        var spans = records.Where(r => r.Kind == TelemetryKind.Span).ToList();
        var byId = spans.ToDictionary(s => s.SpanId!);
        var observed = new HashSet<(string, string)>();
        foreach (var span in spans)
        {
            if (span.ParentSpanId is null)
            {
                Assert.Equal("web", span.Service);
            }
            else if (byId.TryGetValue(span.ParentSpanId, out var parent))
            {
                Assert.Contains((parent.Service, span.Service), SampleEdges);
                observed.Add((parent.Service, span.Service));
            }
        }

        Assert.Equal(SampleEdges, observed);
        await host.StopAsync();
    }

    [Fact]
    public void Route_restricted_call_happens_only_on_its_route()
    {
        using var host = TopologyHost.Build(WithRun(SampleSettings(), 20_000));

        var spans = Generate(host).Where(r => r.Kind == TelemetryKind.Span).ToList();

        var rootOperation = spans.Where(s => s.ParentSpanId is null).ToDictionary(s => s.TraceId!, s => s.Name);
        var orderTraces = spans.Where(s => s.Service == "orders").Select(s => s.TraceId!).Distinct().ToList();
        Assert.NotEmpty(orderTraces);
        Assert.All(orderTraces.Where(rootOperation.ContainsKey), trace => Assert.Equal("POST /order", rootOperation[trace]));
        Assert.Contains("GET /", rootOperation.Values);
    }

    [Fact]
    public void Configured_topology_reports_metrics_for_each_of_its_instances()
    {
        using var host = TopologyHost.Build(WithRun(SampleSettings(), 10_000));

        var metrics = Generate(host).Where(r => r.Kind == TelemetryKind.Metric).ToList();

        Assert.Equal(SampleInstances.Order(), metrics.Select(m => m.Instance).Distinct().Order());
        Assert.All(metrics, m => Assert.StartsWith(m.Service + "-", m.Instance));
        foreach (var instance in SampleInstances)
        {
            Assert.Equal(MetricNames.All.Order(), metrics.Where(m => m.Instance == instance).Select(m => m.Name).Distinct().Order());
        }
    }

    [Fact]
    public void Topology_file_gives_the_same_estate_as_the_inline_section()
    {
        var path = Path.Combine(Path.GetTempPath(), $"topology-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, SampleJson);
        try
        {
            using var fromFile = TopologyHost.Build(WithRun(TopologyHost.Topology($"File={path}"), 6_000));
            using var inline = TopologyHost.Build(WithRun(SampleSettings(), 6_000));

            var fileBytes = RunBytes.Of(fromFile.Services.GetRequiredService<TelemetryGenerator>());
            var inlineBytes = RunBytes.Of(inline.Services.GetRequiredService<TelemetryGenerator>());

            Assert.Equal(SampleInstances, fromFile.Services.GetRequiredService<ServiceTopology>().InstanceNames);
            Assert.Equal(inlineBytes.Data, fileBytes.Data);
            Assert.Equal(inlineBytes.Labels, fileBytes.Labels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Omitted_settings_take_their_documented_defaults()
    {
        using var host = TopologyHost.Build(TopologyHost.Topology("Services:0:Name=solo"));

        var topology = host.Services.GetRequiredService<ServiceTopology>();

        var solo = Assert.Single(topology.Services);
        Assert.Equal(new ServiceDefinition("solo", 2, solo.Operations, 5, 0.002, 5, 2, 300, solo.Calls), solo);
        Assert.Equal(["handle"], solo.Operations);
        Assert.Empty(solo.Calls);
        var route = Assert.Single(topology.Routes);
        Assert.Equal(new TrafficRoute("default", 1.0, "handle"), route);
        Assert.Equal(0, topology.EntryService);
    }

    [Fact]
    public void Single_service_topology_generates_a_full_run()
    {
        using var host = TopologyHost.Build(WithRun(TopologyHost.Topology("Services:0:Name=solo", "Services:0:Instances=1"), 5_000));

        var records = Generate(host);

        Assert.Equal(5_000, records.Count);
        Assert.All(records, r => Assert.Equal("solo", r.Service));
    }

    [Fact]
    public void Absent_topology_section_generates_byte_identical_output_to_the_default_estate()
    {
        using var host = TopologyHost.Build(new Dictionary<string, string?> { ["Generator:Records"] = "15000", ["Generator:BatchSize"] = "1000" });

        var configured = RunBytes.Of(host.Services.GetRequiredService<TelemetryGenerator>());
        var builtIn = RunBytes.Of(new TelemetryGenerator(new GeneratorOptions { Records = 15_000, BatchSize = 1_000 }));

        Assert.Equal(builtIn.Data, configured.Data);
        Assert.Equal(builtIn.Labels, configured.Labels);
    }

    [Fact]
    public void Wiring_the_generator_twice_binds_the_topology_once()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(SampleSettings());
        builder.AddSyntheticDataset();
        builder.AddSyntheticDataset();
        using var host = builder.Build();

        var topology = host.Services.GetRequiredService<ServiceTopology>();

        Assert.Equal(5, topology.Services.Count);
    }

    [Fact]
    public void Empty_topology_file_override_keeps_the_default_estate()
    {
        using var host = TopologyHost.Build(new Dictionary<string, string?> { ["Generator:Topology:File"] = null });

        var topology = host.Services.GetRequiredService<ServiceTopology>();

        Assert.Equal(ServiceTopology.CreateDefault().InstanceNames, topology.InstanceNames);
    }

    [Fact]
    public void Default_estate_written_as_configuration_generates_byte_identical_output()
    {
        var settings = TopologyHost.AsSettings(ServiceTopology.CreateDefault());
        settings["Generator:Records"] = "15000";
        settings["Generator:BatchSize"] = "1000";
        using var host = TopologyHost.Build(settings);

        var configured = RunBytes.Of(host.Services.GetRequiredService<TelemetryGenerator>());
        var builtIn = RunBytes.Of(new TelemetryGenerator(new GeneratorOptions { Records = 15_000, BatchSize = 1_000 }));

        Assert.Equal(builtIn.Data, configured.Data);
        Assert.Equal(builtIn.Labels, configured.Labels);
    }
}
