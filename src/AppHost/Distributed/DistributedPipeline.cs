using AnomalyPlatform.AppHost.Embedded;
using AnomalyPlatform.AppHost.Progress;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AnomalyPlatform.AppHost.Distributed;

/// <summary>
/// The distributed run (<c>run --transport sqs --distributed</c>): Generator, Detector and RootCause as separate processes
/// over SQS, configured only by environment variables; this process consumes the detections (for the evaluation) and
/// the run's end on queues of its own, then evaluates and reports exactly like the embedded run.
/// </summary>
internal sealed class DistributedPipeline(IAnsiConsole console)
{
    /// <summary>The stage this process records while the services run; theirs are measured (and logged) by themselves.</summary>
    public const string ServicesStage = "services";

    public const string SeveralDetectorsRefused =
        "--detectors {0} is refused: the detector fits its models (isolation forest, one-class SVM, LSTM autoencoder, " +
        "statistical baselines) on the whole run once every batch is in, so competing instances would each see only part " +
        "of the batches, fit different models and give results different from the embedded run. Several detectors need a " +
        "model trained once and shared, then stateless scoring of each batch; until then use --detectors 1.";

    public async Task<int> RunAsync(IReadOnlyDictionary<string, string?> overrides, int detectors, CancellationToken cancellationToken)
    {
        if (detectors != 1)
        {
            return Refuse(detectors < 1 ? $"--detectors must be at least 1 (got {detectors})." : string.Format(System.Globalization.CultureInfo.InvariantCulture, SeveralDetectorsRefused, detectors));
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
                var rootCause = await RunServicesAsync(host, builder.Configuration, recorder, outputDirectory, cancellationToken).ConfigureAwait(false);

                var evaluation = await PipelineReports.EvaluateAsync(host.Services.GetRequiredService<DetectionCollector>(), recorder,
                    outputDirectory, rootCause, cancellationToken).ConfigureAwait(false);
                await StopAsync(host).ConfigureAwait(false);
                await PipelineReports.WriteSummaryAsync(console, evaluation, recorder, outputDirectory, rootCause, cancellationToken).ConfigureAwait(false);
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
        IHost host, IConfiguration configuration, StageRecorder recorder, string outputDirectory, CancellationToken cancellationToken)
    {
        var environment = ServiceEnvironment.Build(configuration, outputDirectory);
        recorder.Start(ServicesStage, total: null);
        await using var services = ServiceGroup.Start(console, ServiceCatalog.All, environment, outputDirectory);
        var completion = host.Services.GetRequiredService<PipelineCompletion>().Completion;
        var exit = services.FirstExitAsync();
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
