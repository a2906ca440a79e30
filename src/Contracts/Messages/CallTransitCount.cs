namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// How many calls from one service to another, starting in one minute, spent about a given time outside the callee's
/// own span: the caller's client span's duration less the callee's span under it, which is the network both ways and
/// any queueing before the callee starts. A delay on the path into or out of a service shows here at that service's
/// calls, where its spans' own durations need not move. From a segment's own spans; the root-cause stage compares an
/// incident's minutes with the rest of the run.
/// </summary>
/// <param name="Minute">The minute the callee's spans started in (UTC, seconds cut).</param>
/// <param name="TransitMs">
/// The lower bound of the time bucket, in milliseconds: buckets are a quarter of an octave wide (each bound 2^0.25 times
/// the one below), 0 for calls that spent no measurable time outside the callee.
/// </param>
public sealed record CallTransitCount(string CallerService, string CalleeService, DateTime Minute, double TransitMs, int Count);
