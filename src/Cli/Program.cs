using AnomalyPlatform.Cli.Commands;
using Spectre.Console;

var output = WideWhenRedirected(AnsiConsole.Console, Console.IsOutputRedirected);
var errors = WideWhenRedirected(ErrorConsole.Create(), Console.IsErrorRedirected);
return await PlatformCli.InvokeAsync(output, errors, args);

static IAnsiConsole WideWhenRedirected(IAnsiConsole console, bool redirected)
{
    if (redirected)
    {
        // A pipe or a CI log has no width of its own; at the 80-column fallback tables would break file and type names
        // letter by letter. Wide enough for every table's content; nothing pads to it.
        console.Profile.Width = Math.Max(console.Profile.Width, 200);
    }

    return console;
}
