using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Messaging;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector;

/// <summary>The detection stage's wiring: options, the worker and its message handlers.</summary>
public static class DetectorExtensions
{
    /// <summary>Binds and validates <see cref="DetectorOptions"/> and subscribes the detector to telemetry segments.</summary>
    public static IHostApplicationBuilder AddDetector(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DetectorOptions>()
            .Bind(builder.Configuration.GetSection(DetectorOptions.SectionName))
            .ValidateDataAnnotations()
            // A misspelt model would otherwise surface only when the first segment is scored, after the data is made.
            .Validate(
                static o => o.Models.All(m => RecordModelCatalog.Names.Contains(m, StringComparer.Ordinal)),
                $"Detector:Models may name only {string.Join(", ", RecordModelCatalog.Names)} (empty runs them all).")
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DetectorOptions>, DetectorSectionKeysValidator>());
        builder.Services.TryAddSingleton<DetectorWorker>();
        builder.Services.AddHandler<TelemetrySegmentHandler, TelemetrySegment>();
        return builder;
    }
}
