namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Where traces enter the input: an operation nearly every span of which names a parent the input lacks
/// (<see cref="Share"/>), over <see cref="Minutes"/> minutes or more. An uninstrumented proxy or client (an ingress
/// controller, a load balancer, a mobile app) began those traces and passed its context on without exporting a span of
/// its own; its callee's spans are roots, as the estate is traced, not orphans of a lost span. The detector reads them
/// so (<see cref="TraceLinks"/>) and <c>analyze</c> says how many it found.
/// </summary>
public static class TraceEntries
{
    /// <summary>
    /// The share of an operation's spans lacking their parent from which it is where traces enter: a loss of spans
    /// orphans the calls it hits for minutes, a fraction of an operation's spans over a run of hours.
    /// </summary>
    public const double Share = 0.9;

    /// <summary>
    /// The minutes an operation's spans must cover before its share of orphans says how it is traced: a loss of spans
    /// lasts minutes, and an operation called only while it lasted has nothing but orphans.
    /// </summary>
    public const int Minutes = 10;

    /// <summary>Whether an operation of <paramref name="spans"/> spans, <paramref name="orphans"/> of them lacking their parent, in <paramref name="minutes"/> distinct minutes, is where traces enter.</summary>
    public static bool IsEntry(int spans, int orphans, int minutes) => orphans >= Share * spans && minutes >= Minutes;
}
