namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// How often one service did one thing in one minute, from all of a segment's own records (flagged or not): the
/// baseline the root-cause stage compares an incident's minutes with.
/// </summary>
/// <param name="Signal">
/// <c>span:</c> and the operation name, or <c>log:</c> and the log template mined from the line (see the detector's
/// <c>LogTemplate</c>).
/// </param>
/// <param name="Minute">The minute the records fall in (UTC, seconds cut).</param>
/// <param name="LogValueSum">For spans, the sum of ln(1 + duration in ms); 0 for logs.</param>
public sealed record BehaviourCount(string Service, string Signal, DateTime Minute, int Count, double LogValueSum);
