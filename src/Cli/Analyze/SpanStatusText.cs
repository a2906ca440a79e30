using System.Globalization;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A span's status as exports write it: the schema's <c>OK</c> and <c>ERROR</c>, OTLP's names
/// (<c>STATUS_CODE_ERROR</c>) and numbers (0 unset, 1 ok, 2 error), an HTTP status code (5xx a failure, as
/// OpenTelemetry's conventions take a server's), and the usual words for success and failure, in any case. Read as OK
/// only where it said nothing, a failed request would be lost from every error count without a word.
/// </summary>
internal static class SpanStatusText
{
    private static readonly string[] ErrorWords = ["ERROR", "ERR", "FAULT", "FAIL", "FAILED", "FAILURE", "EXCEPTION"];
    private static readonly string[] OkWords = ["OK", "UNSET", "SUCCESS", "SUCCEEDED", "SUCCESSFUL", "PASS", "PASSED"];

    /// <summary>The status the text names; OK where it is empty (most tracers leave a status unset); null where it is none of these.</summary>
    public static SpanStatus? Of(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return SpanStatus.Ok;
        }

        if (text.StartsWith("STATUS_CODE_", StringComparison.OrdinalIgnoreCase))
        {
            text = text["STATUS_CODE_".Length..];
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return code switch
            {
                0 or 1 or (>= 100 and < 500) => SpanStatus.Ok,
                2 or (>= 500 and < 600) => SpanStatus.Error,
                _ => null,
            };
        }

        return KnownWords.Contains(ErrorWords, text) ? SpanStatus.Error : KnownWords.Contains(OkWords, text) ? SpanStatus.Ok : null;
    }
}
