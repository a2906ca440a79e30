namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// True incidents' outcomes grouped by fault type, most incidents first, then by name: the one order in which every
/// per-type figure is printed, written and drawn.
/// </summary>
public static class FaultTypeGroups
{
    /// <summary>The group of incidents that name no fault type.</summary>
    public const string Unknown = "unknown";

    public static IReadOnlyList<IGrouping<string, IncidentRank>> Of(IEnumerable<IncidentRank> ranks) =>
        [.. ranks
            .GroupBy(static r => r.FaultType ?? Unknown, StringComparer.Ordinal)
            .OrderByDescending(static g => g.Count())
            .ThenBy(static g => g.Key, StringComparer.Ordinal)];
}
