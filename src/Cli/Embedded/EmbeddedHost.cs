using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector;
using AnomalyPlatform.Generator;
using AnomalyPlatform.RootCause;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>Composes the three services, the evaluation collector and the completion signal in one process.</summary>
internal static class EmbeddedHost
{
    /// <summary>Configuration as <see cref="PipelineHostBuilder.Create"/> layers it; the transport is whichever it names.</summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides, StageRecorder recorder)
    {
        var builder = PipelineHostBuilder.Create(overrides);
        builder.Services.AddSingleton<IStageProgress>(recorder);
        builder.AddServiceDefaults();
        builder.AddGenerator();
        builder.AddDetector();
        builder.AddRootCause();
        AddRunEnd(builder);
        return builder.Build();
    }

    /// <summary>
    /// What the CLI itself consumes: the run's end (the root-cause service has evaluated it by then) and what its report
    /// needs beyond the files; and what makes it a host with a finite job, which a lost queue ends. Called after
    /// <c>AddRootCause</c>, whose run end it replaces.
    /// </summary>
    public static void AddRunEnd(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PipelineCompletion>();
        // A queue lost mid-run took the run's messages with it: PipelineCompletion ends the run, so nothing is recreated.
        builder.Services.ReportLostQueuesWithoutRecreating();
        builder.Services.AddHandler<PipelineCompletion, RootCauseCompleted>();
        builder.Services.AddSingleton<ReportExtrasCapture>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IRunCompletion>(provider => provider.GetRequiredService<ReportExtrasCapture>()));
    }
}
