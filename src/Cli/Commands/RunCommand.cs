using System.CommandLine;
using AnomalyPlatform.Cli.Distributed;
using AnomalyPlatform.Cli.Embedded;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// <c>run</c>: generate, detect, find root causes and evaluate, writing every output file. All services run in this
/// process (over the in-process bus, or over SQS with <c>--transport sqs</c>), or as separate processes with
/// <c>--transport sqs --distributed</c>.
/// </summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var options = new PipelineCommandOptions();
        var command = new Command("run", "Run the whole pipeline: generate telemetry, detect anomalies, rank root causes, evaluate.");
        options.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = options.ToConfigurationOverrides(parseResult);
            using var cancellation = new RunCancellation(cancellationToken);
            return options.IsDistributed(parseResult)
                ? await new DistributedPipeline(console).RunAsync(overrides, options.Detectors(parseResult), cancellation.Token)
                : await RunEmbeddedAsync(console, overrides, options.Detectors(parseResult), cancellation.Token);
        });
        return command;
    }

    private static Task<int> RunEmbeddedAsync(
        IAnsiConsole console, IReadOnlyDictionary<string, string?> overrides, int detectors, CancellationToken cancellationToken)
    {
        if (detectors != 1)
        {
            // One process has one detector; several are a matter of the distributed run.
            console.MarkupLine("[red]Invalid configuration:[/] --detectors applies to a distributed run (--transport sqs --distributed).");
            return Task.FromResult(EmbeddedPipeline.InvalidConfiguration);
        }

        return new EmbeddedPipeline(console).RunAsync(overrides, cancellationToken);
    }
}
