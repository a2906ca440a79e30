using System.Globalization;
using System.Text.Json;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Times written as text, as every input writes them somewhere (ISO 8601, RFC 3339, the AWS CLI's, Logs Insights'): read
/// in the invariant culture, a time without a zone or offset taken as UTC, the result in UTC.
/// </summary>
internal static class UtcTimes
{
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime time) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);

    /// <summary>The time the text member <paramref name="property"/> of <paramref name="element"/> holds; null when it is absent, empty or not a time.</summary>
    public static DateTime? Member(JsonElement element, string property) =>
        OtlpValues.Text(element, property) is { Length: > 0 } text && TryParse(text, out var time) ? time : null;
}
