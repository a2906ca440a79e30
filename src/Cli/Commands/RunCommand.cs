using System.CommandLine;
using AnomalyPlatform.Cli.Embedded;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// <c>run</c>: generate, detect, find root causes and evaluate, writing every output file. All services run in this
/// process, over the in-process bus or over SQS with <c>--transport sqs</c>. The services as separate processes are
/// the Aspire application's (<c>dotnet run --project src/AppHost</c>).
/// </summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var options = new PipelineCommandOptions();
        var command = new Command("run", "Run the whole pipeline: generate telemetry, detect anomalies, rank root causes, evaluate.");
        options.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (options.AsksForRetiredDistributedMode(parseResult))
            {
                errors.MarkupLine("[red]Invalid configuration:[/] --distributed and --detectors are gone: the Aspire application runs Generator, " +
                                  "Detector replicas and RootCause as separate processes over SQS. Start it with [bold]dotnet run --project src/AppHost[/] " +
                                  "and start runs with POST /runs (see the README).");
                return EmbeddedPipeline.InvalidConfiguration;
            }

            var overrides = options.ToConfigurationOverrides(parseResult);
            using var cancellation = new RunCancellation(cancellationToken);
            return await new EmbeddedPipeline(console, errors).RunAsync(overrides, cancellation.Token);
        });
        return command;
    }
}
