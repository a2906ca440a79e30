namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// What a call pattern's requests did, in outline (see <see cref="CallPatternCount"/>): which other services they called
/// and whether they failed, so the root-cause stage can tell which services a shift in that pattern could have come
/// from. Requests that called no other service and did not fail changed on their own.
/// </summary>
/// <param name="Pattern">The pattern's digest, as in <see cref="CallPatternCount.Pattern"/>.</param>
/// <param name="Callees">The other services called, ordinal order; empty for a pattern that called none.</param>
/// <param name="Failed">True when the requests ended in an error status or wrote an error line, or a span under them did.</param>
public sealed record CallPatternOutline(string Pattern, IReadOnlyList<string> Callees, bool Failed);
