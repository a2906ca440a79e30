using AnomalyPlatform.AppHost.Commands;
using Spectre.Console;

return await AppHostCli.Create(AnsiConsole.Console).Parse(args).InvokeAsync();
