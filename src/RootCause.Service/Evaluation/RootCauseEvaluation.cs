using System.Text.Json.Serialization;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>Root-cause accuracy of a run against the injected incidents.</summary>
/// <param name="Incidents">True (injected) incidents.</param>
/// <param name="Detected">True incidents matched to a detected incident (one holding at least one of their records).</param>
/// <param name="AcAt1">Fraction of all true incidents whose root-cause service is the matched incident's first candidate; null when there is none.</param>
/// <param name="AcAt3">Fraction of all true incidents whose root-cause service is among the matched incident's first three candidates; null when there is none.</param>
public sealed record RootCauseEvaluation(int Incidents, int Detected, double? AcAt1, double? AcAt3)
{
    /// <summary>Per true incident: the detected incident matched to it and the rank of its true service there.</summary>
    public IReadOnlyList<IncidentRank> PerIncident { get; init; } = [];

    /// <summary>How the detected incidents relate to the true ones: what a person paged by them would have met.</summary>
    public IncidentRelations Relations { get; init; } = new(0, 0, 0, 0, 0);

    /// <summary>
    /// Fraction of all true incidents whose root-cause service is the matched incident's first candidate and whose
    /// instance is the one that candidate names (AC@1 at the instance); null when there is none, or when the true
    /// incidents do not all name their instance.
    /// </summary>
    public double? AcAt1Instance { get; init; }
}

/// <summary>
/// The detected incidents sorted by what they hold: some record of a true incident (<paramref name="Overlapping"/>);
/// else anomalous records that belong to no incident, isolated anomalies grouped together (<paramref name="Isolated"/>);
/// else no labelled record at all (<paramref name="FalseAlarms"/>). <paramref name="Split"/> counts the true incidents
/// that more than one detected incident overlaps.
/// </summary>
public sealed record IncidentRelations(int Detected, int Overlapping, int Split, int Isolated, int FalseAlarms);

/// <summary>
/// One true incident's outcome: the detected incident that holds most of its records (null when none does) and the
/// rank of the true root-cause service among that incident's candidates (null when it is not among them).
/// </summary>
/// <param name="FaultType">The true incident's fault type, so that accuracy can be told per type.</param>
/// <param name="RootCauseInstance">The true incident's instance, where known.</param>
/// <param name="NamedInstance">The instance the matched incident's candidate for the true service names (null when it names none, or the service is not a candidate).</param>
public sealed record IncidentRank(
    string IncidentId, string RootCauseService, string? DetectedIncidentId, int? Rank, string? FaultType = null, string? RootCauseInstance = null, string? NamedInstance = null)
{
    /// <summary>The true service ranked first, at the true instance.</summary>
    [JsonIgnore]
    public bool FirstAtInstance => Rank == 1 && RootCauseInstance is { Length: > 0 } && string.Equals(RootCauseInstance, NamedInstance, StringComparison.Ordinal);
}
