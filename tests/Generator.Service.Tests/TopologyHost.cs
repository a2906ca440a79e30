using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.Generator.Tests;

/// <summary>Builds a host holding only the given settings (no environment, no appsettings) with the generator's data-set wiring.</summary>
internal static class TopologyHost
{
    public static IHost Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSyntheticDataset();
        return builder.Build();
    }

    /// <summary>"key=value" pairs as settings; keys are relative to <c>Generator:Topology</c>.</summary>
    public static Dictionary<string, string?> Topology(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => $"Generator:Topology:{p[0]}", p => (string?)p[1]);

    /// <summary><paramref name="topology"/> written out as <c>Generator:Topology</c> settings, every value explicit.</summary>
    public static Dictionary<string, string?> AsSettings(ServiceTopology topology)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Generator:Topology:EntryService"] = topology.Services[topology.EntryService].Name,
        };
        for (var r = 0; r < topology.Routes.Count; r++)
        {
            var route = topology.Routes[r];
            settings[$"Generator:Topology:Routes:{r}:Name"] = route.Name;
            settings[$"Generator:Topology:Routes:{r}:Weight"] = Text(route.Weight);
            settings[$"Generator:Topology:Routes:{r}:EntryOperation"] = route.EntryOperation;
        }

        for (var s = 0; s < topology.Services.Count; s++)
        {
            var service = topology.Services[s];
            var key = $"Generator:Topology:Services:{s}";
            settings[$"{key}:Name"] = service.Name;
            settings[$"{key}:Instances"] = Text(service.Instances);
            settings[$"{key}:SelfLatencyMs"] = Text(service.SelfLatencyMs);
            settings[$"{key}:ErrorProbability"] = Text(service.ErrorProbability);
            settings[$"{key}:CpuBasePercent"] = Text(service.CpuBasePercent);
            settings[$"{key}:CpuPercentPerRps"] = Text(service.CpuPercentPerRps);
            settings[$"{key}:MemoryBaseMb"] = Text(service.MemoryBaseMb);
            for (var o = 0; o < service.Operations.Count; o++)
            {
                settings[$"{key}:Operations:{o}"] = service.Operations[o];
            }

            for (var c = 0; c < service.Calls.Count; c++)
            {
                var call = service.Calls[c];
                settings[$"{key}:Calls:{c}:Callee"] = call.Callee;
                settings[$"{key}:Calls:{c}:Probability"] = Text(call.Probability);
                var routes = Enumerable.Range(0, topology.Routes.Count).Where(r => (call.RouteMask & (1 << r)) != 0).ToList();
                if (call.RouteMask != ServiceCall.AllRoutes)
                {
                    for (var r = 0; r < routes.Count; r++)
                    {
                        settings[$"{key}:Calls:{c}:Routes:{r}"] = topology.Routes[routes[r]].Name;
                    }
                }
            }
        }

        return settings;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
