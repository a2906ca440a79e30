using System.Globalization;

namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// NAB timestamps (<c>2014-04-10 07:15:00</c>; labels add <c>.000000</c>): NAB compares them on the first 19
/// characters, so fractional seconds are ignored here too.
/// </summary>
public static class NabTimestamp
{
    public const string Format = "yyyy-MM-dd HH:mm:ss";

    public static bool TryParse(ReadOnlySpan<char> text, out DateTime timestamp)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > Format.Length)
        {
            trimmed = trimmed[..Format.Length];
        }

        return DateTime.TryParseExact(trimmed, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp);
    }

    public static DateTime Parse(string text) =>
        TryParse(text, out var timestamp) ? timestamp : throw new FormatException($"'{text}' is not a NAB timestamp ({Format}).");
}
