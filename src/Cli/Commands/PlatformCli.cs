using System.CommandLine;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>The command line users type: <c>run</c> (the whole pipeline) and the commands added by later stages.</summary>
internal static class PlatformCli
{
    /// <param name="console">Where the commands print their progress, tables and summaries (standard output).</param>
    /// <param name="errors">
    /// Where a command says why it ends with a non-zero exit code: a refused input, setting or output folder, a failed
    /// or cancelled run (standard error, <see cref="ErrorConsole"/>).
    /// </param>
    public static RootCommand Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var root = new RootCommand(
            "Anomaly Platform: synthetic MELT telemetry, anomaly detection and root-cause analysis for microservices.");
        root.Subcommands.Add(RunCommand.Create(console, errors));
        root.Subcommands.Add(GenerateCommand.Create(console, errors));
        root.Subcommands.Add(DetectCommand.Create(console, errors));
        root.Subcommands.Add(EvaluateNabCommand.Create(console, errors));
        root.Subcommands.Add(Analyze.AnalyzeCommand.Create(console, errors));
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A flag or command typed wrong is a usage error, exit code 2 like every
    /// other input the commands refuse (System.CommandLine answers 1, which this CLI keeps for a run that failed).
    /// </summary>
    public static async Task<int> InvokeAsync(IAnsiConsole console, IAnsiConsole errors, string[] args, InvocationConfiguration? configuration = null)
    {
        var parsed = Create(console, errors).Parse(args);
        var exitCode = await parsed.InvokeAsync(configuration).ConfigureAwait(false);
        return parsed.Errors.Count > 0 && exitCode == 1 ? UsageError : exitCode;
    }

    /// <summary>The exit code of a command line that does not parse.</summary>
    public const int UsageError = 2;
}
