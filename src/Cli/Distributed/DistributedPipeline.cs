using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Distributed;

/// <summary>
/// The distributed run (<c>run --transport sqs --distributed</c>): Generator, Detector and RootCause as separate processes
/// over SQS, configured only by environment variables; this process consumes the detections (for the evaluation) and
/// the run's end on queues of its own, then evaluates and reports exactly like the embedded run.
/// </summary>
internal sealed class DistributedPipeline(IAnsiConsole console)
{
    /// <summary>The stage this process records while the services run; theirs are measured (and logged) by themselves.</summary>
    public const string ServicesStage = "services";

    /// <summary>More detector processes than this on one machine only compete for its cores.</summary>
    public const int MaxDetectors = 16;

    public async Task<int> RunAsync(IReadOnlyDictionary<string, string?> overrides, int detectors, CancellationToken cancellationToken)
    {
        if (detectors is < 1 or > MaxDetectors)
        {
            return Refuse($"--detectors must be between 1 and {MaxDetectors} (got {detectors}).");
        }

        if (ServiceCatalog.Missing().ToList() is { Count: > 0 } missing)
        {
            return Refuse(string.Join(Environment.NewLine, missing));
        }

        using var recorder = new StageRecorder(console);
        HostApplicationBuilder builder;
        IHost host;
        try
        {
            builder = PipelineHostBuilder.Create(overrides);
            if (builder.Configuration.GetSection(MessagingOptions.SectionName).GetValue(nameof(MessagingOptions.Transport), MessagingTransport.InProcess)
                != MessagingTransport.Sqs)
            {
                return Refuse("--distributed needs --transport sqs: separate processes cannot share an in-process bus.");
            }

            builder.Services.AddSingleton<IStageProgress>(recorder);
            builder.AddServiceDefaults();
            EmbeddedHost.AddRunEnd(builder);
            // The services dead-letter in their own processes: this one learns of it from the queues and ends the run.
            builder.Services.AddSingleton<SqsDeadLetterWatcher>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<SqsDeadLetterWatcher>());
            host = builder.Build();
        }
        catch (InvalidOperationException ex)
        {
            return Refuse(ex.Message);
        }

        using (host)
        {
            try
            {
                // This host's queues (and the run's bucket) first: the services' messages must find them.
                if (await PipelineStartup.StartAsync(host, cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    StartFailures.Print(console, failure);
                    return failure.ExitCode;
                }

                var outputDirectory = Path.GetFullPath(host.Services.GetRequiredService<IOptions<OutputOptions>>().Value.Directory);
                Directory.CreateDirectory(outputDirectory);
                console.MarkupLineInterpolated(
                    $"Distributed run over SQS at [bold]{PipelineStartup.SqsEndpointDescription()}[/], queue prefix [bold]{builder.Configuration[SqsRunSettings.QueuePrefixKey] ?? ""}[/]");
                var rootCause = await RunServicesAsync(host, builder.Configuration, recorder, outputDirectory, detectors, cancellationToken).ConfigureAwait(false);

                var evaluation = await PipelineReports.EvaluateAsync(host.Services.GetRequiredService<DetectionCollector>(), recorder,
                    outputDirectory, rootCause, cancellationToken).ConfigureAwait(false);
                await host.Services.GetRequiredService<SqsDeadLetterWatcher>().LookAsync(cancellationToken).ConfigureAwait(false);
                await StopAsync(host).ConfigureAwait(false);
                await PipelineReports.WriteSummaryAsync(console, evaluation, recorder, outputDirectory, rootCause,
                    host.Services.GetRequiredService<DeadLetterLog>().Letters, cancellationToken).ConfigureAwait(false);
                return EmbeddedPipeline.Succeeded;
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or PipelineFailedException)
            {
                // A failure seen while cancelling (a service that stopped on the same Ctrl+C) is the cancellation.
                console.MarkupLine("[yellow]Cancelled.[/] The services were stopped; files in the output folder may be incomplete.");
                await StopAsync(host).ConfigureAwait(false);
                return EmbeddedPipeline.Cancelled;
            }
            catch (PipelineFailedException ex)
            {
                console.MarkupLineInterpolated($"[red]The run failed:[/] {ex.Message}");
                await StopAsync(host).ConfigureAwait(false);
                return EmbeddedPipeline.Failed;
            }
        }
    }

    /// <summary>Starts the services, waits for the run's end, and stops them whatever happens.</summary>
    private async Task<RootCauseCompleted> RunServicesAsync(
        IHost host, IConfiguration configuration, StageRecorder recorder, string outputDirectory, int detectors, CancellationToken cancellationToken)
    {
        var environment = ServiceEnvironment.Build(configuration, outputDirectory);
        recorder.Start(ServicesStage, total: null);
        await using var services = ServiceGroup.Start(console, ServiceCatalog.ForRun(detectors), environment, outputDirectory);
        var completion = host.Services.GetRequiredService<PipelineCompletion>().Completion;
        var exit = FatalExitAsync(services, detectors);
        var first = await Task.WhenAny(completion, exit).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first == exit)
        {
            var (service, code) = await exit.ConfigureAwait(false);
            throw new PipelineFailedException($"The {service.Name} service exited with code {code} before the run completed; its log is above.");
        }

        var rootCause = await completion.ConfigureAwait(false);
        recorder.Complete(ServicesStage);
        return rootCause;
    }

    /// <summary>
    /// Completes with the first exit the run cannot survive: any service but a detector, or the last detector. A detector
    /// instance that dies while others run (a crash, an ECS task stopped) loses nothing: the segment it held becomes
    /// visible again after the queue's visibility timeout and another instance analyses it.
    /// </summary>
    private async Task<(ServiceDefinition Service, int ExitCode)> FatalExitAsync(ServiceGroup services, int detectors)
    {
        var detectorsRunning = detectors;
        await foreach (var (service, code) in services.ExitsAsync().ConfigureAwait(false))
        {
            if (ServiceCatalog.IsDetector(service) && --detectorsRunning > 0)
            {
                console.MarkupLineInterpolated(
                    $"[yellow]{service.Name} exited with code {code}[/]; {detectorsRunning} detector instance(s) still run, and the segment it held returns to the queue after the visibility timeout.");
                continue;
            }

            return (service, code);
        }

        throw new InvalidOperationException("Every service exited without the run completing.");
    }

    private static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    private int Refuse(string message)
    {
        StartFailures.Print(console, new StartFailure(EmbeddedPipeline.InvalidConfiguration, message));
        return EmbeddedPipeline.InvalidConfiguration;
    }
}
