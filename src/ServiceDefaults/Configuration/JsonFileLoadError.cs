using System.Text.Json;

namespace AnomalyPlatform.ServiceDefaults.Configuration;

/// <summary>Words why a JSON configuration file (<c>appsettings.json</c>, a topology file) could not be loaded, with the place as an editor counts it.</summary>
public static class JsonFileLoadError
{
    /// <summary>
    /// "line 2, byte 17: '"' is invalid after a value. ..." from the JSON reader's error at the bottom of the loader's
    /// exception chain, or the deepest message when no reader error is there (a duplicate key, an empty file).
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            // System.Text.Json counts lines and bytes from 0 and appends them to its message as
            // " LineNumber: 1 | BytePositionInLine: 16."; a person counts from 1.
            if (cause is JsonException { LineNumber: { } line, BytePositionInLine: { } position } json)
            {
                return $"line {line + 1}, byte {position + 1}: {Reason(json)}";
            }
        }

        return exception.GetBaseException().Message;
    }

    /// <summary>The reader's message without the place it appends (" LineNumber: 1 | BytePositionInLine: 16."), for a caller that names the place itself.</summary>
    public static string Reason(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var at = exception.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? exception.Message : exception.Message[..at];
    }
}
