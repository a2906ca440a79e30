using AnomalyPlatform.AppHost.Progress;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.Generator;
using AnomalyPlatform.RootCause;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.AppHost.Embedded;

/// <summary>Composes the three services, the evaluation collector and the completion signal in one process.</summary>
internal static class EmbeddedHost
{
    /// <summary>
    /// Configuration comes from the AppHost's <c>appsettings.json</c>, then environment variables
    /// (<c>Generator__Records=50000</c>), then <paramref name="overrides"/> (the command-line flags).
    /// </summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides, StageRecorder recorder)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "AnomalyPlatform.AppHost",
        });
        builder.Configuration.AddInMemoryCollection(overrides);

        builder.Services.AddSingleton<IStageProgress>(recorder);
        builder.AddServiceDefaults();
        builder.AddGenerator();
        builder.AddDetector();
        builder.AddRootCause();
        builder.Services.AddDetectionEvaluation();
        builder.Services.AddSingleton<PipelineCompletion>();
        builder.Services.AddHandler<PipelineCompletion, RootCauseCompleted>();
        return builder.Build();
    }
}
