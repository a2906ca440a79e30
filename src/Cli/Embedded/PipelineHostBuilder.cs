using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "AnomalyPlatform.Cli",
        });
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Configuration.AddInMemoryCollection(SqsRunSettings.Defaults(builder.Configuration));
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        return builder;
    }
}
