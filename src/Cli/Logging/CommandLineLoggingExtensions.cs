using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AnomalyPlatform.Cli.Logging;

/// <summary>Registers the command line's console log format.</summary>
internal static class CommandLineLoggingExtensions
{
    /// <summary>Writes console log lines with <see cref="CommandLineLogFormatter"/>.</summary>
    public static ILoggingBuilder AddCommandLineLogFormat(this ILoggingBuilder logging)
    {
        logging.AddConsoleFormatter<CommandLineLogFormatter, ConsoleFormatterOptions>();
        logging.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = CommandLineLogFormatter.Name);
        return logging;
    }
}
