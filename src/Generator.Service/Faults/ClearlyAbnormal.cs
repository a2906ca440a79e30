namespace AnomalyPlatform.Generator;

/// <summary>
/// The rules that decide whether a fault left an observable trace on a record, so that only such records are labelled.
/// Each rule compares the faulty value with the value the record would have had without the fault, and asks for a
/// change several times larger than the record's normal variation.
/// </summary>
internal static class ClearlyAbnormal
{
    /// <summary>
    /// A span is clearly slow when the fault made it at least three times as long as it would have been: span self times
    /// are log-normal with σ 0.35, so a ×3 draw (3 σ) is rare without a fault. Because a caller's normal duration contains
    /// its children's, a caller can only be clearly slow if one of the children that slowed it is too.
    /// </summary>
    public static bool Span(long faultDelayUs, long durationUs) => faultDelayUs > 0 && faultDelayUs * 3 >= durationUs * 2;

    /// <summary>Whether a metric reading moved far enough from <paramref name="normal"/> to stand out of its series.</summary>
    /// <param name="expectedErrorRate">The service's long-run error rate (its error_rate series' level).</param>
    public static bool Metric(int metric, double value, double normal, double expectedErrorRate) => metric switch
    {
        // CPU noise is about 1.5 points; load moves it slowly.
        MetricNames.CpuPercent => value - normal >= 25,
        // Memory wanders a few percent around its level.
        MetricNames.MemoryMb => value >= normal * 1.35,
        // The error_rate series varies by about 25 % of its level.
        MetricNames.ErrorRate => value - normal >= Math.Max(0.03, 3 * expectedErrorRate),
        MetricNames.LatencyP50 or MetricNames.LatencyP95 => value >= normal * 2,
        _ => false,
    };
}
