using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>Wires the generator into a host: options, the default topology, the generator, the data-set writer and the worker.</summary>
public static class GeneratorExtensions
{
    /// <summary>
    /// Everything of <see cref="AddSyntheticDataset"/>, plus the <see cref="GeneratorWorker"/> that generates the run once
    /// and publishes it. Needs <c>AddServiceDefaults()</c> (message bus, output options, progress).
    /// </summary>
    public static IHostApplicationBuilder AddGenerator(this IHostApplicationBuilder builder)
    {
        builder.AddSyntheticDataset();
        builder.Services.AddHostedService<GeneratorWorker>();
        return builder;
    }

    /// <summary>
    /// Binds and validates <see cref="GeneratorOptions"/> (section <c>Generator</c>; validated at start, or when first
    /// resolved in a host that is never started), and registers the default topology, <see cref="TelemetryGenerator"/> and
    /// <see cref="SyntheticDatasetWriter"/>: what writing a data set needs, without a bus or a worker.
    /// </summary>
    public static IHostApplicationBuilder AddSyntheticDataset(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GeneratorOptions>()
            .Bind(builder.Configuration.GetSection(GeneratorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(_ => ServiceTopology.CreateDefault());
        builder.Services.TryAddSingleton(services => new TelemetryGenerator(
            services.GetRequiredService<IOptions<GeneratorOptions>>().Value,
            services.GetRequiredService<ServiceTopology>()));
        builder.Services.TryAddSingleton<SyntheticDatasetWriter>();
        return builder;
    }
}
