using Spectre.Console;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// The console for the messages that end a command with a non-zero exit code: standard error, so that what a command
/// prints (progress, tables, summaries) can be piped or saved without them and a failure is seen even then.
/// </summary>
internal static class ErrorConsole
{
    public static IAnsiConsole Create() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
