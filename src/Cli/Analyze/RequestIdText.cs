namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A trace or span id as a MELT CSV's columns write it, in one spelling: hex digits in lower case (as W3C Trace Context
/// and OpenTelemetry write them), X-Ray's <c>1-5759e988-bd86...</c> as the W3C id it stands for, a UUID's dashes left
/// out. An id is a number, and its spellings name one request: a logger that prints ids in capitals, or X-Ray's form
/// beside the spans' W3C form, would otherwise name requests the input holds no span of.
/// </summary>
internal static class RequestIdText
{
    /// <summary>The length of a UUID written with its four dashes.</summary>
    private const int UuidLength = 36;

    /// <summary>The id in its one spelling; null for an empty cell; anything that is not hex as written.</summary>
    public static string? Of(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return null;
        }

        if (XRayTraceIds.ToW3C(text) is { } w3c)
        {
            return w3c;
        }

        if (text.Length == UuidLength && Guid.TryParseExact(text, "D", out var uuid))
        {
            return uuid.ToString("N");
        }

        // Most ids are written in lower case already: one scan for a capital tells them apart.
        return text.ContainsAnyInRange('A', 'F') && OtlpValues.IsHex(text) ? text.ToString().ToLowerInvariant() : text.ToString();
    }
}
