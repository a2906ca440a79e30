using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Configuration;

/// <summary>Runs a service whose settings hold; one whose settings are wrong says so in one line instead.</summary>
public static class CheckedRun
{
    /// <summary>The exit code of a service (or the command line) stopped by its own settings.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>
    /// Checks every setting (each options class's start validation) before anything starts, then runs the service.
    /// A user's mistake in them (a misspelt key, a value out of range or of the wrong kind) is one line on standard
    /// error and exit code <see cref="InvalidConfiguration"/>: the host alone would log it twice, each time under a
    /// stack trace, and crash.
    /// </summary>
    /// <param name="errors">Where the line goes; standard error when null.</param>
    public static int RunCheckingSettings(this WebApplication app, TextWriter? errors = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } message)
        {
            (errors ?? Console.Error).WriteLine($"Invalid configuration: {message}");
            return InvalidConfiguration;
        }

        app.Run();
        return 0;
    }
}
