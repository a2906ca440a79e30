using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.ServiceDefaults.Configuration;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// The embedded run: every service in this process, over the in-process bus or (<c>--transport sqs</c>) over SQS,
/// then evaluation and reports.
/// </summary>
internal sealed class EmbeddedPipeline(IAnsiConsole console, IAnsiConsole errors)
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int InvalidConfiguration = CheckedRun.InvalidConfiguration;
    public const int Cancelled = 130;

    public async Task<int> RunAsync(IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        using var recorder = new StageRecorder(console);
        IHost host;
        try
        {
            host = EmbeddedHost.Build(overrides, recorder);
        }
        catch (Exception ex) when (ConfigurationErrors.OfHostBuild(ex) is { } message)
        {
            return ConfigurationError(message);
        }

        using (host)
        {
            // Checked before any work (the configuration is complete once the host is built, and nothing runs before
            // it starts): a run that cannot write its results must not generate them first.
            if (OutputFolder.CheckWritable(host.Services.GetRequiredService<IConfiguration>()["Output:Directory"] ?? new OutputOptions().Directory) is { } outputError)
            {
                return ConfigurationError(outputError);
            }

            // Rounded down to the second: some file systems keep write times no finer than that.
            var started = DateTime.UtcNow.AddSeconds(-1);
            try
            {
                if (await PipelineStartup.StartAsync(host, cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    return Report(failure);
                }

                var completion = host.Services.GetRequiredService<PipelineCompletion>();
                var rootCause = await completion.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
                var outputDirectory = host.Services.GetRequiredService<IOptions<OutputOptions>>().Value.Directory;
                var evaluation = await PipelineReports.ReadEvaluationAsync(rootCause, cancellationToken).ConfigureAwait(false);
                await StopAsync(host).ConfigureAwait(false);
                await PipelineReports.WriteSummaryAsync(console, evaluation, recorder, outputDirectory, rootCause,
                    host.Services.GetRequiredService<DeadLetterLog>().Letters, host.Services.GetRequiredService<ReportExtrasCapture>().Extras,
                    cancellationToken).ConfigureAwait(false);
                return Succeeded;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                errors.MarkupLine("[yellow]Cancelled.[/] Files in the output folder may be incomplete.");
                await StopAsync(host).ConfigureAwait(false);
                ReportUnfinishedOutputs(host, started);
                return Cancelled;
            }
            catch (PipelineFailedException ex)
            {
                // Stopped first, so that what the stopping services still log comes before the one line that says why.
                await StopAsync(host).ConfigureAwait(false);
                errors.MarkupLineInterpolated($"[red]The run failed:[/] {ex.Message}");
                ReportUnfinishedOutputs(host, started);
                return Failed;
            }
        }
    }

    /// <summary>Stops a pipeline host, giving its services 30 s to finish what they hold.</summary>
    internal static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    /// <summary>Removes an earlier run's results from the folder of a run that stopped early, and says what is left.</summary>
    private void ReportUnfinishedOutputs(IHost host, DateTime started)
    {
        // The host started, so its options passed validation.
        var folder = Path.GetFullPath(RunFolders.DirectoryOf(host.Services.GetRequiredService<IOptions<OutputOptions>>().Value,
            SqsRunSettings.RunIdOf(host.Services.GetRequiredService<IConfiguration>())));
        var (removed, written) = EarlierRunResults.RemoveBefore(folder, started);
        if (written.Count > 0)
        {
            errors.MarkupLineInterpolated($"{folder} holds what this run wrote before it stopped ({string.Join(", ", written)}), which may be incomplete.");
        }

        if (removed.Count > 0)
        {
            errors.MarkupLineInterpolated($"Removed an earlier run's {string.Join(", ", removed)} from {folder}, so that they are not taken for this run's.");
        }
    }

    private int Report(StartFailure failure)
    {
        StartFailures.Print(errors, failure);
        return failure.ExitCode;
    }

    private int ConfigurationError(string message) => Report(new StartFailure(InvalidConfiguration, message));
}
