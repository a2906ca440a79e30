using AnomalyPlatform.Cli.Commands;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // A pipe or a CI log has no width of its own; at the 80-column fallback tables would break file and type names
    // letter by letter. Wide enough for every table's content; nothing pads to it.
    console.Profile.Width = Math.Max(console.Profile.Width, 200);
}

return await PlatformCli.InvokeAsync(console, args);
