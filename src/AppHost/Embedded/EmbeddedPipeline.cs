using System.Text.Json;
using AnomalyPlatform.AppHost.Progress;
using AnomalyPlatform.AppHost.Reports;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AnomalyPlatform.AppHost.Embedded;

/// <summary>The embedded run: every service in this process over the in-process bus, then evaluation and reports.</summary>
internal sealed class EmbeddedPipeline(IAnsiConsole console)
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int InvalidConfiguration = 2;
    public const int Cancelled = 130;

    // Evaluation starts once the root-cause stage is done; the collector only has to drain its queue by then.
    private static readonly TimeSpan CollectorDrainTimeout = TimeSpan.FromMinutes(2);

    public async Task<int> RunAsync(IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        using var recorder = new StageRecorder(console);
        IHost host;
        try
        {
            host = EmbeddedHost.Build(overrides, recorder);
        }
        catch (InvalidOperationException ex)
        {
            return ConfigurationError(ex.Message);
        }

        using (host)
        {
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException ex)
            {
                return ConfigurationError(string.Join(Environment.NewLine, ex.Failures));
            }
            catch (InvalidOperationException ex) when (ex.InnerException is FormatException or OverflowException)
            {
                // The configuration binder's message names the key ("Failed to convert configuration value at 'Generator:Records'").
                return ConfigurationError(ex.Message);
            }

            try
            {
                var completion = host.Services.GetRequiredService<PipelineCompletion>();
                var rootCause = await completion.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
                var outputDirectory = host.Services.GetRequiredService<IOptions<OutputOptions>>().Value.Directory;
                var evaluation = await EvaluateAsync(host.Services, recorder, outputDirectory, rootCause, cancellationToken).ConfigureAwait(false);
                await StopAsync(host).ConfigureAwait(false);

                var performance = PerformanceReportBuilder.Build(evaluation.Records, recorder);
                await ReportFiles.WriteAsync(Path.Combine(outputDirectory, OutputFiles.Performance), performance,
                    ReportJsonContext.Default.PerformanceReport, cancellationToken).ConfigureAwait(false);

                console.WriteLine();
                console.Write(SummaryTables.Evaluation(evaluation));
                console.Write(SummaryTables.RecallPerType(evaluation));
                console.Write(SummaryTables.Performance(performance));
                console.MarkupLineInterpolated($"Wrote {rootCause.AnomalyCount} anomalies in {rootCause.Incidents.Count} incidents to [bold]{Path.GetFullPath(outputDirectory)}[/]");
                return Succeeded;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                console.MarkupLine("[yellow]Cancelled.[/] Files in the output folder may be incomplete.");
                await StopAsync(host).ConfigureAwait(false);
                return Cancelled;
            }
            catch (PipelineFailedException ex)
            {
                console.MarkupLineInterpolated($"[red]The run failed:[/] {ex.Message}");
                await StopAsync(host).ConfigureAwait(false);
                return Failed;
            }
        }
    }

    private static async Task<EvaluationReport> EvaluateAsync(
        IServiceProvider services, StageRecorder recorder, string outputDirectory, RootCauseCompleted rootCause, CancellationToken cancellationToken)
    {
        recorder.Start(PipelineStages.Evaluate, total: null);
        var collector = services.GetRequiredService<DetectionCollector>();
        try
        {
            await collector.Completion.WaitAsync(CollectorDrainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new PipelineFailedException(
                $"The evaluation did not receive every detection batch within {CollectorDrainTimeout.TotalSeconds:0} s of the root-cause stage finishing.");
        }

        var labels = await GroundTruthLabels.LoadAsync(Path.Combine(outputDirectory, OutputFiles.SyntheticLabels), cancellationToken).ConfigureAwait(false);
        var truth = await ReadIncidentsAsync(Path.Combine(outputDirectory, OutputFiles.Incidents), cancellationToken).ConfigureAwait(false);
        var report = EvaluationReportBuilder.Build(
            DetectionEvaluator.Evaluate(labels, collector),
            RootCauseEvaluator.Evaluate(truth, labels.IncidentIdOf, rootCause.Incidents));
        await ReportFiles.WriteAsync(Path.Combine(outputDirectory, OutputFiles.Evaluation), report,
            ReportJsonContext.Default.EvaluationReport, cancellationToken).ConfigureAwait(false);
        recorder.Complete(PipelineStages.Evaluate);
        return report;
    }

    private static async Task<IReadOnlyList<GroundTruthIncident>> ReadIncidentsAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync(stream, ContractsJsonContext.Default.ListGroundTruthIncident, cancellationToken).ConfigureAwait(false)
            ?? throw new PipelineFailedException($"{path} holds no incident list.");
    }

    private static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    private int ConfigurationError(string message)
    {
        console.MarkupLineInterpolated($"[red]Invalid configuration:[/] {message}");
        return InvalidConfiguration;
    }
}
