using Microsoft.Extensions.Configuration;

namespace AnomalyPlatform.Cli.Distributed;

/// <summary>
/// The environment variables a service process is configured with: the CLI's effective settings of every section a
/// service reads (so both modes run on identical settings), as a container on ECS would receive them.
/// </summary>
internal static class ServiceEnvironment
{
    private static readonly string[] ServiceSections = ["Generator", "Detector", "RootCause", "Llm", "Messaging"];

    /// <summary>
    /// The variables for the services. <c>AWS_*</c> (endpoint, region, credentials) are inherited from this process,
    /// like every other variable of the CLI's environment.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Build(IConfiguration configuration, string outputDirectory)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in ServiceSections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null)
                {
                    environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
                }
            }
        }

        environment["Messaging__Transport"] = "Sqs";
        // Absolute, because each service resolves a relative path against its own working directory.
        environment["Output__Directory"] = Path.GetFullPath(outputDirectory);
        // Port 0: the services' health endpoints take free ports instead of all competing for 5000.
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        environment["Logging__LogLevel__Default"] = "Information";
        environment["Logging__LogLevel__Microsoft"] = "Warning";
        environment["Logging__LogLevel__System"] = "Warning";
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        return environment;
    }
}
