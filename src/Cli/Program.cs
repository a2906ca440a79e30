using AnomalyPlatform.Cli.Commands;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // A pipe or a CI log has no width of its own; at the 80-column fallback tables would break file and type names
    // letter by letter. Wide enough for every table's content; nothing pads to it.
    console.Profile.Width = Math.Max(console.Profile.Width, 200);
}

var parsed = PlatformCli.Create(console).Parse(args);
var exitCode = await parsed.InvokeAsync();
// A flag or command typed wrong is a usage error, exit code 2 like every other input the commands refuse (System.CommandLine
// answers 1, which this CLI keeps for a run that failed).
return parsed.Errors.Count > 0 && exitCode == 1 ? 2 : exitCode;
