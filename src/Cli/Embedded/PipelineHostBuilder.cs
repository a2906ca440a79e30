using AnomalyPlatform.Cli.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>The CLI's host builder, shared by the embedded and the distributed run, so both read one configuration.</summary>
internal static class PipelineHostBuilder
{
    /// <summary>
    /// Configuration comes from the CLI's <c>appsettings.json</c>, then environment variables
    /// (<c>Generator__Records=50000</c>), then <paramref name="overrides"/> (the command-line flags), then the SQS
    /// settings a run needs and the user left unset (<see cref="SqsRunSettings"/>).
    /// </summary>
    public static HostApplicationBuilder Create(IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = CreateConfigured(overrides);
        builder.Configuration.AddInMemoryCollection(SqsRunSettings.Defaults(builder.Configuration));
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        // A start refused for a bad setting is the user's mistake, told in one line by PipelineStartup; the host's own
        // "Hosting failed to start" record would print the validation's stack trace before it.
        // The console's own rules outrank general ones, so the filter names the console too.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Logging.AddFilter<ConsoleLoggerProvider>("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        // An SQS endpoint that is down or gone is the surroundings' fault: one line per error, not a stack trace each.
        builder.Logging.AddCommandLineLogFormat();
        return builder;
    }

    /// <summary>
    /// The configuration's layers alone, the same for every command: the CLI's <c>appsettings.json</c>, then environment
    /// variables, then <paramref name="overrides"/> (the command-line flags).
    /// </summary>
    public static HostApplicationBuilder CreateConfigured(IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "AnomalyPlatform.Cli",
        });
        builder.Configuration.AddInMemoryCollection(overrides);
        return builder;
    }
}
