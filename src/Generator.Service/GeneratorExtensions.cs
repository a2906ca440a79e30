using AnomalyPlatform.Generator.Runs;
using AnomalyPlatform.ServiceDefaults.Output;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>Wires the generator into a host: options, the topology, the generator, the data-set writer and the worker.</summary>
public static class GeneratorExtensions
{
    /// <summary>
    /// The command-line run's generator: everything of <see cref="AddSyntheticDataset"/>, plus the
    /// <see cref="GeneratorWorker"/> that generates the configured run once, at start, and publishes it. Needs <c>AddServiceDefaults()</c> (message bus, output options, progress).
    /// </summary>
    public static IHostApplicationBuilder AddGenerator(this IHostApplicationBuilder builder)
    {
        builder.AddSyntheticDataset();
        builder.Services.TryAddSingleton<RunGeneration>();
        builder.Services.AddHostedService<GeneratorWorker>();
        return builder;
    }

    /// <summary>
    /// The long-running generator service: generates the runs started with <c>POST /runs</c>
    /// (<see cref="RunEndpoints.MapRunEndpoints"/>), one after another, each into a folder of its own under
    /// <c>Output:Directory</c>; the answer links the run's status where <c>RunStatus:BaseUrl</c> says RootCause is
    /// (<see cref="RunStatusOptions"/>). Needs <c>AddServiceDefaults()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddGeneratorService(this IHostApplicationBuilder builder)
    {
        builder.AddSyntheticDataset();
        builder.Services.PostConfigure<OutputOptions>(options => options.FolderPerRun = true);
        builder.Services.AddOptions<RunStatusOptions>()
            .Bind(builder.Configuration.GetSection(RunStatusOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RunGeneration>();
        builder.Services.TryAddSingleton<RunQueue>();
        builder.Services.AddHostedService<RunQueueWorker>();
        return builder;
    }

    /// <summary>
    /// Binds and validates <see cref="GeneratorOptions"/> (section <c>Generator</c>) and <see cref="TopologyOptions"/>
    /// (section <c>Generator:Topology</c>, or the JSON file its <c>File</c> names; absent = the default estate), both
    /// validated at start, or when first resolved in a host that is never started, and registers the
    /// <see cref="ServiceTopology"/>, <see cref="TelemetryGenerator"/> and <see cref="SyntheticDatasetWriter"/>: what
    /// writing a data set needs, without a bus or a worker.
    /// </summary>
    public static IHostApplicationBuilder AddSyntheticDataset(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GeneratorOptions>()
            .Bind(builder.Configuration.GetSection(GeneratorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GeneratorOptions>, GeneratorSectionKeysValidator>());
        // Binding appends to the topology's lists, so a second call must not bind the section again.
        if (!builder.Services.Any(d => d.ImplementationType == typeof(TopologyOptionsValidator)))
        {
            builder.Services.AddOptions<TopologyOptions>()
                .Configure<IConfiguration>((options, configuration) =>
                    TopologyBinding.Bind(configuration.GetSection(TopologyOptions.SectionName), options, TopologyOptions.SectionName + ":"))
                .ValidateOnStart();
            builder.Services.AddSingleton<IValidateOptions<TopologyOptions>, TopologyOptionsValidator>();
        }

        builder.Services.TryAddSingleton(services => ConfiguredTopology.Create(services.GetRequiredService<IOptions<TopologyOptions>>().Value));
        builder.Services.TryAddSingleton(services => new TelemetryGenerator(
            services.GetRequiredService<IOptions<GeneratorOptions>>().Value,
            services.GetRequiredService<ServiceTopology>()));
        builder.Services.TryAddSingleton<SyntheticDatasetWriter>();
        return builder;
    }
}
