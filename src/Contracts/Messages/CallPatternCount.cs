namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// How many times one operation of one service, entered from outside the service, ran with one call pattern in one
/// minute, from a segment's own spans (flagged or not): the baseline the root-cause stage compares an incident's
/// minutes with. A pattern is what the operation did inside the service: which of the service's own operations ran,
/// which operations of other services it called, which span statuses and log levels it produced.
/// </summary>
/// <param name="Operation">The entry span's name.</param>
/// <param name="Pattern">A digest of the pattern (see the detector's <c>CallPatternSummariser</c>): equal patterns, equal digests.</param>
/// <param name="Minute">The minute the entry spans started in (UTC, seconds cut).</param>
public sealed record CallPatternCount(string Service, string Operation, string Pattern, DateTime Minute, int Count);
