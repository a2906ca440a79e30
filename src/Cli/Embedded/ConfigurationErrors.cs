using AnomalyPlatform.ServiceDefaults.Configuration;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// Tells a user's configuration mistake (a setting out of range, a value that is not a number, an appsettings.json
/// that is not JSON) from a fault of the program, and words it as the one line the user needs.
/// </summary>
internal static class ConfigurationErrors
{
    /// <summary>The message for a configuration mistake, or null when <paramref name="exception"/> is not one.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(Environment.NewLine, validation.Failures.Select(ValidationMessage)),
        AggregateException several => DescribeEach(several),
        // The binder's message names the key ("Failed to convert configuration value 'abc' at 'Generator:Records' to
        // type 'System.Int64'"); the parse failure that caused it sits one or two levels down.
        InvalidOperationException binding when HasParseFailure(binding) => binding.Message,
        // "Failed to load configuration from file '.../appsettings.json'", with the JSON reader's line and position at
        // the bottom of the chain.
        InvalidDataException file => file.InnerException is null ? file.Message : $"{file.Message.TrimEnd('.')}: {JsonFileLoadError.Describe(file)}",
        _ => null,
    };

    /// <summary>
    /// <see cref="Describe"/> for the building of a pipeline host, where an <see cref="InvalidOperationException"/> is
    /// the host's composition refusing the configuration, and says why itself.
    /// </summary>
    public static string? OfHostBuild(Exception exception) =>
        Describe(exception) ?? (exception is InvalidOperationException ? exception.Message : null);

    /// <summary>
    /// The start check throws the failures of several options classes together (a misspelt Detector key and a misspelt
    /// RootCause key): a configuration mistake when each of them is one, told in turn.
    /// </summary>
    private static string? DescribeEach(AggregateException several)
    {
        var messages = several.InnerExceptions.Select(Describe).ToList();
        return messages.Count > 0 && messages.All(static m => m is not null) ? string.Join(Environment.NewLine, messages) : null;
    }

    /// <summary>
    /// The setting's own message out of the data-annotation wrapper ("DataAnnotation validation failed for
    /// 'GeneratorOptions' members: 'Records' with the error: '...'."), which names .NET types, not settings.
    /// </summary>
    private static string ValidationMessage(string failure)
    {
        const string marker = "with the error: '";
        var start = failure.IndexOf(marker, StringComparison.Ordinal);
        return start < 0 ? failure : failure[(start + marker.Length)..].TrimEnd('.').TrimEnd('\'');
    }

    private static bool HasParseFailure(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is FormatException or OverflowException)
            {
                return true;
            }
        }

        return false;
    }
}
