using System.Globalization;

namespace AnomalyPlatform.RootCause.Llm.Resilience;

/// <summary>
/// Reads how long a server asked the client to wait before retrying. <c>retry-after-ms</c> (milliseconds, sent by
/// OpenAI-style APIs) wins over <c>retry-after</c> (seconds, or an HTTP date as in RFC 9110 §10.2.3), because it is the
/// more precise of the two when both are present.
/// </summary>
public static class RetryAfter
{
    public const string MillisecondsHeader = "retry-after-ms";
    public const string Header = "retry-after";

    /// <summary>The requested wait, or null when neither header holds a usable value.</summary>
    /// <param name="now">The current time, to turn an HTTP date into a delay.</param>
    public static TimeSpan? Parse(string? retryAfterMilliseconds, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMilliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && double.IsFinite(milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        // Groq sends whole seconds; some servers send fractions, which cost nothing to accept.
        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return double.IsFinite(seconds) && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(retryAfter.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
