using System.Globalization;
using AnomalyPlatform.ServiceDefaults.Configuration;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Turns <see cref="TopologyOptions"/> into a <see cref="ServiceTopology"/>: the default estate when nothing is configured,
/// otherwise the configured one (inline or from <see cref="TopologyOptions.File"/>) with defaults filled in, after checking
/// every setting. Each problem is reported in a message that names the setting (<c>Generator:Topology:Services:2:Instances</c>).
/// </summary>
public static class ConfiguredTopology
{
    private const string Section = TopologyOptions.SectionName + ":";
    private const string DefaultOperation = "handle";
    private const string DefaultRoute = "default";

    /// <summary>The topology the options describe; throws <see cref="ArgumentException"/> listing every problem when they are invalid.</summary>
    public static ServiceTopology Create(TopologyOptions options)
    {
        var errors = new List<string>();
        return TryCreate(options, errors) ?? throw new ArgumentException(string.Join(Environment.NewLine, errors));
    }

    /// <summary>Every problem of the options, each naming its setting; empty when <see cref="Create"/> would succeed.</summary>
    public static IReadOnlyList<string> Validate(TopologyOptions options)
    {
        var errors = new List<string>();
        TryCreate(options, errors);
        return errors;
    }

    private static ServiceTopology? TryCreate(TopologyOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return ServiceTopology.CreateDefault();
        }

        errors.AddRange(options.BindingErrors);
        var (estate, label) = Resolve(options, errors);
        if (estate is null)
        {
            return null;
        }

        if (!ReferenceEquals(estate, options))
        {
            errors.AddRange(estate.BindingErrors);
        }

        // The binder drops a service whose value it cannot convert, so checking what it kept would blame its callers
        // ("Callee 'b' is not a service") or count too few services; the values themselves are reported above.
        if (options.HasUnboundValues || estate.HasUnboundValues)
        {
            return null;
        }

        var routes = CheckRoutes(estate, label, errors);
        var services = CheckServices(estate, label, routes, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var entry = CheckGraph(estate, label, services, errors);
        if (entry is null)
        {
            return null;
        }

        return Build(estate, label, entry, errors);
    }

    // The options to build from: the inline section, or the file it points to, with the prefix that names their settings.
    private static (TopologyOptions? Estate, string Label) Resolve(TopologyOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.File))
        {
            return (options, Section);
        }

        if (options.Services.Count > 0 || options.Routes.Count > 0 || options.EntryService is not null)
        {
            errors.Add($"{Section}File is set together with inline {Section}Services/Routes/EntryService; use one or the other.");
            return (null, Section);
        }

        var path = Path.GetFullPath(options.File);
        if (Directory.Exists(path))
        {
            errors.Add($"{Section}File '{options.File}' is a folder (resolved to '{path}'); name the topology's JSON file.");
            return (null, Section);
        }

        if (!System.IO.File.Exists(path))
        {
            errors.Add($"{Section}File '{options.File}' was not found (resolved to '{path}').");
            return (null, Section);
        }

        var label = $"{Section}File '{options.File}': ";
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            errors.Add($"{label}not a readable JSON topology: {JsonFileLoadError.Describe(ex)}");
            return (null, Section);
        }

        var fromFile = new TopologyOptions();
        TopologyBinding.Bind(root, fromFile, label);
        if (!string.IsNullOrWhiteSpace(fromFile.File))
        {
            errors.Add($"{label}File cannot be set inside a topology file.");
            return (null, label);
        }

        return (fromFile, label);
    }

    private static Dictionary<string, int> CheckRoutes(TopologyOptions estate, string label, List<string> errors)
    {
        var routes = new Dictionary<string, int>(StringComparer.Ordinal);
        if (estate.Routes.Count > TopologyOptions.MaxRoutes)
        {
            errors.Add($"{label}Routes must list at most {TopologyOptions.MaxRoutes} routes (found {estate.Routes.Count}).");
        }

        for (var r = 0; r < estate.Routes.Count; r++)
        {
            var route = estate.Routes[r];
            var setting = $"{label}Routes:{r}";
            if (string.IsNullOrWhiteSpace(route.Name))
            {
                errors.Add($"{setting}:Name is required.");
            }
            else if (!routes.TryAdd(route.Name, r))
            {
                errors.Add($"{setting}:Name '{route.Name}' is already used by Routes:{routes[route.Name]}; route names must be unique.");
            }

            if (!(route.Weight is > 0 and <= TopologyRouteOptions.MaxWeight))
            {
                errors.Add($"{setting}:Weight must be a number above 0 and at most {Format(TopologyRouteOptions.MaxWeight)} (found {Format(route.Weight)}).");
            }
        }

        return routes;
    }

    private static Dictionary<string, int> CheckServices(TopologyOptions estate, string label, Dictionary<string, int> routes, List<string> errors)
    {
        var services = new Dictionary<string, int>(StringComparer.Ordinal);
        if (estate.Services.Count is 0 or > TopologyOptions.MaxServices)
        {
            errors.Add($"{label}Services must list between 1 and {TopologyOptions.MaxServices} services (found {estate.Services.Count}).");
            return services;
        }

        for (var i = 0; i < estate.Services.Count; i++)
        {
            var service = estate.Services[i];
            var setting = $"{label}Services:{i}";
            if (string.IsNullOrWhiteSpace(service.Name))
            {
                errors.Add($"{setting}:Name is required.");
            }
            else if (!services.TryAdd(service.Name, i))
            {
                errors.Add($"{setting}:Name '{service.Name}' is already used by Services:{services[service.Name]}; service names must be unique.");
            }

            if (service.Instances is < 1 or > TopologyServiceOptions.MaxInstances)
            {
                errors.Add($"{setting}:Instances must be between 1 and {TopologyServiceOptions.MaxInstances} (found {service.Instances}).");
            }

            for (var o = 0; o < service.Operations.Count; o++)
            {
                if (string.IsNullOrWhiteSpace(service.Operations[o]))
                {
                    errors.Add($"{setting}:Operations:{o} must not be empty.");
                }
            }

            CheckRange(errors, $"{setting}:SelfLatencyMs", service.SelfLatencyMs, 0, 60_000, minExclusive: true);
            CheckRange(errors, $"{setting}:ErrorProbability", service.ErrorProbability, 0, 1);
            CheckRange(errors, $"{setting}:CpuBasePercent", service.CpuBasePercent, 0, 100);
            CheckRange(errors, $"{setting}:CpuPercentPerRps", service.CpuPercentPerRps, 0, 100);
            CheckRange(errors, $"{setting}:MemoryBaseMb", service.MemoryBaseMb, 0, 1_048_576, minExclusive: true);
        }

        // Mid-sentence, a file's label ("Generator:Topology:File 'x.json': ") would read as garbage; the message already starts with it.
        var routesSetting = label == Section ? $"{Section}Routes" : "the file's Routes";
        // Callees are checked once every name is known, so a call may point to a service listed after its caller.
        for (var i = 0; i < estate.Services.Count; i++)
        {
            for (var c = 0; c < estate.Services[i].Calls.Count; c++)
            {
                var call = estate.Services[i].Calls[c];
                var setting = $"{label}Services:{i}:Calls:{c}";
                if (string.IsNullOrWhiteSpace(call.Callee))
                {
                    errors.Add($"{setting}:Callee is required.");
                }
                else if (!services.ContainsKey(call.Callee))
                {
                    errors.Add($"{setting}:Callee '{call.Callee}' is not a service of the topology; known services: {string.Join(", ", services.Keys)}.");
                }

                CheckRange(errors, $"{setting}:Probability", call.Probability, 0, 1);
                for (var r = 0; r < call.Routes.Count; r++)
                {
                    // A JSON null in the list binds as a null name, which no dictionary lookup may take.
                    if (string.IsNullOrWhiteSpace(call.Routes[r]))
                    {
                        errors.Add($"{setting}:Routes:{r} must not be empty.");
                    }
                    else if (!routes.ContainsKey(call.Routes[r]))
                    {
                        errors.Add(routes.Count == 0
                            ? $"{setting}:Routes:{r} '{call.Routes[r]}' names a route, but {routesSetting} is empty."
                            : $"{setting}:Routes:{r} '{call.Routes[r]}' is not a route of {routesSetting}; known routes: {string.Join(", ", routes.Keys)}.");
                    }
                }
            }
        }

        return services;
    }

    // Checks the call graph (a DAG, an entry service, every service reachable) and returns the entry service's name.
    private static string? CheckGraph(TopologyOptions estate, string label, Dictionary<string, int> services, List<string> errors)
    {
        var names = estate.Services.Select(s => s.Name!).ToArray();
        var callees = estate.Services.Select(s => (IReadOnlyList<int>)s.Calls.Select(c => services[c.Callee!]).ToArray()).ToArray();
        if (CallGraphCycle.Find(names, callees) is { } cycle)
        {
            errors.Add($"{label}Services: the calls must form a DAG, but they have a cycle: {string.Join(" -> ", cycle)}.");
            return null;
        }

        string entry;
        if (estate.EntryService is not null)
        {
            if (!services.ContainsKey(estate.EntryService))
            {
                errors.Add($"{label}EntryService '{estate.EntryService}' is not a service of the topology; known services: {string.Join(", ", names)}.");
                return null;
            }

            entry = estate.EntryService;
        }
        else
        {
            var called = callees.SelectMany(c => c).ToHashSet();
            var roots = names.Where((_, i) => !called.Contains(i)).ToArray();
            if (roots.Length != 1)
            {
                errors.Add($"{label}EntryService is not set and no single service is free of callers to take its place " +
                    $"(services without a caller: {string.Join(", ", roots)}); set it to the service requests enter through.");
                return null;
            }

            entry = roots[0];
        }

        var reached = new bool[names.Length];
        var pending = new Stack<int>([services[entry]]);
        while (pending.TryPop(out var next))
        {
            if (!reached[next])
            {
                reached[next] = true;
                foreach (var callee in callees[next])
                {
                    pending.Push(callee);
                }
            }
        }

        var unreachable = names.Where((_, i) => !reached[i]).ToArray();
        if (unreachable.Length > 0)
        {
            errors.Add($"{label}Services: {string.Join(", ", unreachable)} cannot be reached from the entry service '{entry}' " +
                "through Calls, so no request would ever reach them; call them from a reachable service or remove them.");
            return null;
        }

        return entry;
    }

    private static ServiceTopology? Build(TopologyOptions estate, string label, string entry, List<string> errors)
    {
        var routeBits = estate.Routes.Select((r, i) => (r.Name!, 1 << i)).ToDictionary(StringComparer.Ordinal);
        var definitions = estate.Services.Select(s => new ServiceDefinition(
            s.Name!,
            s.Instances,
            s.Operations.Count > 0 ? s.Operations.ToArray() : [DefaultOperation],
            s.SelfLatencyMs,
            s.ErrorProbability,
            s.CpuBasePercent,
            s.CpuPercentPerRps,
            s.MemoryBaseMb,
            s.Calls.Select(c => new ServiceCall(
                c.Callee!,
                c.Probability,
                c.Routes.Count == 0 ? ServiceCall.AllRoutes : c.Routes.Aggregate(0, (mask, route) => mask | routeBits[route]))).ToArray())).ToArray();
        var entryDefinition = definitions.First(d => d.Name == entry);
        TrafficRoute[] routes = estate.Routes.Count > 0
            ? estate.Routes.Select(r => new TrafficRoute(r.Name!, r.Weight, string.IsNullOrWhiteSpace(r.EntryOperation) ? r.Name! : r.EntryOperation)).ToArray()
            : [new TrafficRoute(DefaultRoute, 1.0, entryDefinition.Operations[0])];

        ServiceTopology topology;
        try
        {
            topology = new ServiceTopology(definitions, routes, entry);
        }
        catch (ArgumentException ex)
        {
            errors.Add(label + ex.Message);
            return null;
        }

        var spansPerRequest = topology.ExpectedVisits.Sum();
        if (spansPerRequest > TopologyOptions.MaxExpectedSpansPerRequest)
        {
            errors.Add($"{label}Services: a request would make about {Format(Math.Round(spansPerRequest))} calls (spans) on average, " +
                $"more than {TopologyOptions.MaxExpectedSpansPerRequest}; lower call Probability values or thin out the calls.");
            return null;
        }

        return topology;
    }

    private static void CheckRange(List<string> errors, string setting, double value, double min, double max, bool minExclusive = false)
    {
        var inRange = (minExclusive ? value > min : value >= min) && value <= max;
        if (!inRange)
        {
            var lower = minExclusive ? $"above {Format(min)}" : $"between {Format(min)}";
            errors.Add(minExclusive
                ? $"{setting} must be {lower} and at most {Format(max)} (found {Format(value)})."
                : $"{setting} must be {lower} and {Format(max)} (found {Format(value)}).");
        }
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
