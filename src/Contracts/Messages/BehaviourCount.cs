namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// How many log lines of one template one service wrote in one minute, from all of a segment's own records (flagged
/// or not): the baseline the root-cause stage compares an incident's minutes with.
/// </summary>
/// <param name="Template">The template mined from the line (see the detector's <c>LogTemplate</c>).</param>
/// <param name="Minute">The minute the lines fall in (UTC, seconds cut).</param>
public sealed record BehaviourCount(string Service, string Template, DateTime Minute, int Count);
