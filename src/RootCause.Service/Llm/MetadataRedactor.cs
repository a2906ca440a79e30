using System.Text.RegularExpressions;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>
/// Masks values that identify people or requests (IP addresses, e-mail addresses, UUIDs, trace/span ids, long
/// numbers) in a piece of metadata before it may leave the process. A second line of defence: the prompt builder
/// only reads metadata fields in the first place.
/// </summary>
public static partial class MetadataRedactor
{
    /// <summary>Longest piece of metadata passed on; names are short, so anything longer is likely free text.</summary>
    public const int MaxLength = 200;

    public static string Redact(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = value.Length > MaxLength ? value[..MaxLength] : value;
        text = SensitiveKeyValue().Replace(text, "$1=<redacted>");
        text = Email().Replace(text, "<email>");
        text = Uuid().Replace(text, "<id>");
        text = IPv4().Replace(text, "<ip>");
        text = IPv6().Replace(text, "<ip>");
        text = LongHex().Replace(text, "<id>");
        text = MixedHex().Replace(text, "<id>");
        text = LongNumber().Replace(text, "<num>");
        // Line breaks would let a value forge extra prompt lines.
        return ControlCharacters().Replace(text, " ");
    }

    // "user=alice", "session: 8f2c", "password=..." : the key is metadata, its value never is.
    [GeneratedRegex(@"\b(user(?:name)?|uid|login|e-?mail|account|customer|session|token|password|passwd|secret|api[_-]?key|authorization|ip|host|client)\s*[=:]\s*(?:""[^""]*""|'[^']*'|[^\s,;&]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SensitiveKeyValue();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\b\d{1,3}(?:\.\d{1,3}){3}\b")]
    private static partial Regex IPv4();

    // At least four groups, or a "::" abbreviation, so that clock times such as 12:03:00 are left alone.
    [GeneratedRegex(@"\b(?:[0-9A-Fa-f]{1,4}:){3,7}[0-9A-Fa-f]{1,4}\b|\b(?:[0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{0,4}::(?:[0-9A-Fa-f]{1,4}:?)*")]
    private static partial Regex IPv6();

    [GeneratedRegex(@"\b[0-9A-Fa-f]{12,}\b")]
    private static partial Regex LongHex();

    // Eight or more hex digits mixing digits and letters (short trace/commit/pod ids); plain words and numbers are left alone.
    [GeneratedRegex(@"\b(?=[0-9A-Fa-f]*\d)(?=[0-9A-Fa-f]*[A-Fa-f])[0-9A-Fa-f]{8,}\b")]
    private static partial Regex MixedHex();

    [GeneratedRegex(@"\b\d{6,}\b")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"[\p{Cc}]+")]
    private static partial Regex ControlCharacters();
}
