namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Whether a log message names a service: "call to database failed", "connection refused to cache:8080",
/// "I/O error on POST http://ts-order-service:12031/...". A failed call's error usually names the host it called.
/// </summary>
internal static class ServiceMention
{
    /// <summary>
    /// True when <paramref name="service"/> occurs in <paramref name="message"/> (ignoring case) as a whole name or the
    /// start of an instance's name ("cart-1", "ts-order-service-7d9f"), not inside a longer word or hyphenated name
    /// ("cart" is not named by "cartography" or "add-to-cart").
    /// </summary>
    public static bool Names(string? message, string service)
    {
        if (string.IsNullOrEmpty(message) || string.IsNullOrEmpty(service))
        {
            return false;
        }

        for (var at = message.IndexOf(service, StringComparison.OrdinalIgnoreCase);
             at >= 0;
             at = message.IndexOf(service, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + service.Length;
            if ((at == 0 || !IsNamePart(message[at - 1])) && (end == message.Length || !IsWordPart(message[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsNamePart(char c) => IsWordPart(c) || c == '-';
}
