using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>Wires the generator into a host: options, the default topology, the generator and its worker.</summary>
public static class GeneratorExtensions
{
    /// <summary>
    /// Binds and validates <see cref="GeneratorOptions"/> (section <c>Generator</c>) at start, and registers
    /// <see cref="TelemetryGenerator"/> and the <see cref="GeneratorWorker"/> that generates the run once.
    /// Needs <c>AddServiceDefaults()</c> (message bus, output options, progress).
    /// </summary>
    public static IHostApplicationBuilder AddGenerator(this IHostApplicationBuilder builder)
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
        builder.Services.AddHostedService<GeneratorWorker>();
        return builder;
    }
}
