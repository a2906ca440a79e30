namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// What a call pattern's requests did, in outline (see <see cref="CallPatternCount"/>): which other services they called
/// and whether they failed, so the root-cause stage can tell which services a shift in that pattern could have come
/// from. Requests that called no other service and did not fail changed on their own.
/// </summary>
/// <param name="Pattern">The pattern's digest, as in <see cref="CallPatternCount.Pattern"/>.</param>
/// <param name="Callees">The other services called, ordinal order; empty for a pattern that called none.</param>
/// <param name="Failed">True when the requests ended in an error status or wrote an error line, or a span under them did.</param>
/// <param name="Unlogged">
/// The digest of the same pattern without the levels of its log lines (its spans, calls and statuses alone), which
/// has an outline of its own; null where the pattern holds no log line (it is its own unlogged form). Where a run's
/// logs were not collected for some minutes, patterns are compared in this form.
/// </param>
/// <param name="RoutineLines">True when the requests wrote DEBUG or INFO lines: lines written as a matter of course, not on failure.</param>
public sealed record CallPatternOutline(string Pattern, IReadOnlyList<string> Callees, bool Failed, string? Unlogged = null, bool RoutineLines = false);
