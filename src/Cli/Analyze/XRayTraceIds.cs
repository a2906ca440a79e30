namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// X-Ray's trace ids (<c>1-{8 hex digits of seconds}-{24 hex digits}</c>) are the W3C trace ids OpenTelemetry writes, in
/// another spelling: <c>1-5759e988-bd862e3fe1be46a994272793</c> is <c>5759e988bd862e3fe1be46a994272793</c>. Traces read
/// from X-Ray and log lines that print its ids (<c>Root=1-5759e988-...</c>) both use the W3C spelling, so they join.
/// </summary>
internal static class XRayTraceIds
{
    private const int Length = 35;

    /// <summary>The W3C trace id an X-Ray trace id stands for; null for anything else.</summary>
    public static string? ToW3C(ReadOnlySpan<char> id)
    {
        if (id.Length != Length || !id.StartsWith("1-") || id[10] != '-' || !OtlpValues.IsHex(id[2..10]) || !OtlpValues.IsHex(id[11..]))
        {
            return null;
        }

        return string.Concat(id[2..10], id[11..]).ToLowerInvariant();
    }
}
