using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Llm.Resilience;
using AnomalyPlatform.RootCause.Messaging;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause;

/// <summary>All wiring of the root-cause service: options, explainer, analysis, evaluation, output and message handlers.</summary>
public static class RootCauseExtensions
{
    public static IHostApplicationBuilder AddRootCause(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RootCauseOptions>()
            .Bind(builder.Configuration.GetSection(RootCauseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RootCauseOptions>, RootCauseSectionKeysValidator>());
        services.AddOptions<LlmOptions>()
            .Bind(builder.Configuration.GetSection(LlmOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmSectionKeysValidator>());
        // First of all hosted services: a model the endpoint does not serve stops the start before any work begins.
        if (!services.Any(descriptor => descriptor.ImplementationType == typeof(LlmModelCheck)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, LlmModelCheck>());
        }

        // One per process, for the start check and the explainer alike: what the check found out about the endpoint
        // spares the explainer's calls their retries, in the CLI and the distributed service the same.
        services.TryAddSingleton<LlmEndpointCircuit>();
        services.TryAddSingleton<IRootCauseExplainer>(static provider =>
        {
            var llm = provider.GetRequiredService<IOptions<LlmOptions>>();
            return llm.Value.IsOpenAi
                ? new OpenAiRootCauseExplainer(llm, provider.GetRequiredService<LlmEndpointCircuit>(),
                    provider.GetRequiredService<ILogger<OpenAiRootCauseExplainer>>())
                : new MockRootCauseExplainer();
        });
        services.TryAddSingleton<IncidentAnalyzer>();
        services.TryAddSingleton<AnomaliesJsonWriter>();
        services.TryAddSingleton<RootCauseRunCoordinator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RunEvaluations>();
        services.TryAddSingleton<RunRegistry>();
        services.TryAddSingleton<IRunCompletion, PublishedRunCompletion>();

        services.AddHandler<DetectionBatchHandler, DetectionBatch>();
        services.AddHandler<DetectionCompletedHandler, DetectionCompleted>();
        services.AddHandler<ScoreBatchHandler, ScoreBatch>();
        services.AddHandler<RunLifecycleHandler, RunStarted>();
        services.AddHandler<RunLifecycleHandler, RunGenerated>();
        return builder;
    }

    /// <summary>
    /// The long-running root-cause service: everything of <see cref="AddRootCause"/>, each run's files in a folder of its
    /// own, <c>performance.json</c> from what every service measured, <c>report.html</c>, and the run API
    /// (<see cref="RunEndpoints.MapRunEndpoints"/>).
    /// </summary>
    public static IHostApplicationBuilder AddRootCauseService(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<RunPerformanceWriter>();
        builder.Services.TryAddSingleton<IRunCompletion, ServiceRunCompletion>();
        builder.AddRootCause();
        builder.Services.PostConfigure<OutputOptions>(options => options.FolderPerRun = true);
        builder.Services.AddHostedService<RunFailureWatch>();
        if (builder.Configuration.GetSection(MessagingOptions.SectionName).GetValue(nameof(MessagingOptions.Transport), MessagingTransport.InProcess)
            == MessagingTransport.Sqs)
        {
            builder.Services.AddHostedService<SqsDeadLetterWatcher>();
            builder.Services.AddHostedService<SqsQueueRecreationWatcher>();
        }
        return builder;
    }
}
