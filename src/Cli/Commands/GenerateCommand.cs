using System.CommandLine;
using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.Generator;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.ServiceDefaults.Configuration;
using AnomalyPlatform.ServiceDefaults.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// <c>generate</c>: writes a synthetic data set only (<c>synthetic_data.csv</c>, <c>synthetic_labels.csv</c>,
/// <c>incidents.json</c>), with no bus, detection or root-cause stage, for users who want the data.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var generator = new GeneratorCommandOptions();
        var output = new Option<string?>("--out") { Description = "Output folder (default outputs)." };
        var command = new Command("generate", "Generate a synthetic data set only: synthetic_data.csv, synthetic_labels.csv and incidents.json.");
        generator.AddTo(command);
        command.Options.Add(output);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            generator.AddOverrides(parseResult, overrides);
            if (parseResult.GetValue(output) is { } directory)
            {
                overrides["Output:Directory"] = directory;
            }

            return GenerateAsync(console, errors, overrides, cancellationToken);
        });
        return command;
    }

    private static async Task<int> GenerateAsync(IAnsiConsole console, IAnsiConsole errors, IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            host = BuildHost(overrides);
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } message)
        {
            return ConfigurationError(errors, message);
        }

        using (host)
        {
            return await WriteAsync(console, errors, host, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> WriteAsync(IAnsiConsole console, IAnsiConsole errors, IHost host, CancellationToken cancellationToken)
    {
        SyntheticDatasetWriter writer;
        string directory;
        try
        {
            // Resolving the options validates them: nothing is written when a setting is out of range.
            directory = host.Services.GetRequiredService<IOptions<OutputOptions>>().Value.Directory;
            writer = host.Services.GetRequiredService<SyntheticDatasetWriter>();
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } message)
        {
            return ConfigurationError(errors, message);
        }

        if (OutputFolder.CheckWritable(directory) is { } outputError)
        {
            return ConfigurationError(errors, outputError);
        }

        using var recorder = new StageRecorder(console);
        try
        {
            var summary = await writer.WriteAsync(directory, recorder, onBatch: null, cancellationToken).ConfigureAwait(false);
            console.MarkupLineInterpolated(
                $"Wrote {Plural.Of(summary.Records, "record", format: "N0")} and {Plural.Of(summary.Incidents, "incident")} to [bold]{Path.GetFullPath(directory)}[/] ({OutputFiles.SyntheticData}, {OutputFiles.SyntheticLabels}, {OutputFiles.Incidents})");
            return EmbeddedPipeline.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            errors.MarkupLine("[yellow]Cancelled.[/] Files in the output folder may be incomplete.");
            return EmbeddedPipeline.Cancelled;
        }
    }

    private static IHost BuildHost(IReadOnlyDictionary<string, string?> overrides)
    {
        // Same layering as the embedded pipeline: appsettings.json < environment variables < flags.
        var builder = PipelineHostBuilder.CreateConfigured(overrides);
        builder.Services.AddOptions<OutputOptions>()
            .Bind(builder.Configuration.GetSection(OutputOptions.SectionName))
            .ValidateDataAnnotations();
        builder.AddSyntheticDataset();
        return builder.Build();
    }

    private static int ConfigurationError(IAnsiConsole errors, string message)
    {
        errors.MarkupLineInterpolated($"[red]Invalid configuration:[/] {message}");
        return EmbeddedPipeline.InvalidConfiguration;
    }
}
