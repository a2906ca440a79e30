using System.CommandLine;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>The command line users type: <c>run</c> (the whole pipeline) and the commands added by later stages.</summary>
internal static class PlatformCli
{
    public static RootCommand Create(IAnsiConsole console)
    {
        var root = new RootCommand(
            "Anomaly Platform: synthetic MELT telemetry, anomaly detection and root-cause analysis for microservices.");
        root.Subcommands.Add(RunCommand.Create(console));
        root.Subcommands.Add(GenerateCommand.Create(console));
        root.Subcommands.Add(DetectCommand.Create(console));
        root.Subcommands.Add(EvaluateNabCommand.Create(console));
        root.Subcommands.Add(Analyze.AnalyzeCommand.Create(console));
        return root;
    }
}
