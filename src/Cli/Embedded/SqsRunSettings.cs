using System.Security.Cryptography;
using System.Text;
using AnomalyPlatform.Generator;
using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// The SQS setting a command-line run needs and the user did not set: a queue prefix of its own, so that messages an
/// earlier (failed or cancelled) run left on its queues are never read.
/// </summary>
internal static class SqsRunSettings
{
    public const string QueuePrefixKey = "Messaging:Sqs:QueuePrefix";

    // SqsOptions allows 40 characters: "anomaly-" + run id + "-" + 6 hex digits + "-".
    private const int MaxRunIdLength = 40 - 16;

    /// <summary>The keys to add on top of <paramref name="configuration"/>; none unless the transport is SQS.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults(IConfiguration configuration)
    {
        var defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var transport = configuration.GetSection(MessagingOptions.SectionName)
            .GetValue(nameof(MessagingOptions.Transport), MessagingTransport.InProcess);
        if (transport != MessagingTransport.Sqs)
        {
            return defaults;
        }

        if (string.IsNullOrWhiteSpace(configuration[QueuePrefixKey]))
        {
            // A fresh prefix per run: messages left on the queues of an earlier (failed or cancelled) run are never consumed.
            defaults[QueuePrefixKey] = $"anomaly-{Sanitize(RunIdOf(configuration))}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}-";
        }

        return defaults;
    }

    /// <summary>The run id the generator will use (<c>Generator:RunId</c>, else <c>run-{Seed}</c>).</summary>
    public static string RunIdOf(IConfiguration configuration)
    {
        var generator = new GeneratorOptions();
        configuration.GetSection(GeneratorOptions.SectionName).Bind(generator);
        return generator.ResolveRunId();
    }

    private static string Sanitize(string runId)
    {
        var builder = new StringBuilder(MaxRunIdLength);
        foreach (var c in runId)
        {
            if (builder.Length == MaxRunIdLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.Length == 0 ? "run" : builder.ToString();
    }
}
