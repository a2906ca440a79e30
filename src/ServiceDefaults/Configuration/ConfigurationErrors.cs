using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Configuration;

/// <summary>
/// Tells a user's configuration mistake (a setting out of range, a value that is not a number, an appsettings.json
/// that is not JSON) from a fault of the program, and words it as the one line the user needs.
/// </summary>
public static partial class ConfigurationErrors
{
    /// <summary>The message for a configuration mistake, or null when <paramref name="exception"/> is not one.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(Environment.NewLine, validation.Failures.Select(ValidationMessage)),
        AggregateException several => DescribeEach(several),
        // The binder's message names the key ("Failed to convert configuration value 'abc' at 'Generator:Records' to
        // type 'System.Int64'"); the parse failure that caused it sits one or two levels down.
        InvalidOperationException binding when HasParseFailure(binding) => InUsersTerms(binding.Message),
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
        Describe(exception) ?? (exception is InvalidOperationException ? InUsersTerms(exception.Message) : null);

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

    /// <summary>
    /// The binder's "Failed to convert configuration value 'best' at 'Detector:EnsembleStrategy' to type
    /// 'AnomalyPlatform.Detector.Ensemble.EnsembleStrategy'." as the user's setting and what it takes
    /// ("Detector:EnsembleStrategy is 'best', which is not one of Max, WeightedVote, SoftVote."), not a .NET type; any
    /// other message, or a type it has no words for, as it is.
    /// </summary>
    public static string InUsersTerms(string message)
    {
        var match = BinderFailure().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var (value, key, typeName) = (match.Groups["value"].Value, match.Groups["key"].Value, match.Groups["type"].Value);
        var type = Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetType(typeName)).FirstOrDefault(found => found is not null);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        var takes = type switch
        {
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number (with a point for decimals: 0.5)",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration as hh:mm:ss (00:00:30)",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "an ISO 8601 time (2026-01-05T00:00:00Z)",
            _ when type == typeof(Uri) => "an absolute URL",
            _ => null,
        };
        return takes is null ? message : $"{key} is '{value}', which is not {takes}.";
    }

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex BinderFailure();

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
