using AnomalyPlatform.Cli.Commands;
using Spectre.Console;

return await PlatformCli.Create(AnsiConsole.Console).Parse(args).InvokeAsync();
