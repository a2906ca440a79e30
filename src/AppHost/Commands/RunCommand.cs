using System.CommandLine;
using AnomalyPlatform.AppHost.Embedded;
using Spectre.Console;

namespace AnomalyPlatform.AppHost.Commands;

/// <summary><c>run</c>: generate, detect, find root causes and evaluate, writing every output file.</summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var options = new PipelineCommandOptions();
        var command = new Command("run", "Run the whole pipeline: generate telemetry, detect anomalies, rank root causes, evaluate.");
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var overrides = options.ToConfigurationOverrides(parseResult);
            return new EmbeddedPipeline(console).RunAsync(overrides, cancellationToken);
        });
        return command;
    }
}
