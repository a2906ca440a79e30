using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.RootCause;

/// <summary>How anomalies are grouped into incidents and how candidates are ranked. Bound from the <c>RootCause</c> section.</summary>
public sealed class RootCauseOptions : IValidatableObject
{
    public const string SectionName = "RootCause";

    /// <summary>
    /// Anomalies further apart than this (in seconds) never join the same incident. Five minutes suits minute-scale
    /// metrics: a fault's symptoms reach callers within a few intervals.
    /// </summary>
    [Range(1, 86_400, ErrorMessage = "RootCause:IncidentGapSeconds must be between 1 and 86400.")]
    public int IncidentGapSeconds { get; set; } = 300;

    /// <summary>An incident stops growing once it spans this many seconds, so that background noise cannot chain forever.</summary>
    [Range(60, 604_800, ErrorMessage = "RootCause:MaxIncidentSeconds must be between 60 and 604800.")]
    public int MaxIncidentSeconds { get; set; } = 3_600;

    /// <summary>Ranked candidates kept per incident.</summary>
    [Range(1, 20, ErrorMessage = "RootCause:MaxCandidates must be between 1 and 20.")]
    public int MaxCandidates { get; set; } = 5;

    /// <summary>A change event (deploy, config change, ...) at most this many seconds before an incident counts as evidence.</summary>
    [Range(0, 86_400, ErrorMessage = "RootCause:ChangeWindowSeconds must be between 0 and 86400.")]
    public int ChangeWindowSeconds { get; set; } = 900;

    /// <summary>Onset delay (seconds) at which a service's onset score halves; the earliest service scores 1.</summary>
    [Range(1, 3_600, ErrorMessage = "RootCause:OnsetScaleSeconds must be between 1 and 3600.")]
    public int OnsetScaleSeconds { get; set; } = 60;

    /// <summary>Weight of onset order in the candidate score.</summary>
    [Range(0.0, 1.0, ErrorMessage = "RootCause:OnsetWeight must be between 0 and 1.")]
    public double OnsetWeight { get; set; } = 0.4;

    /// <summary>Weight of the personalized PageRank on the anomalous subgraph in the candidate score.</summary>
    [Range(0.0, 1.0, ErrorMessage = "RootCause:PageRankWeight must be between 0 and 1.")]
    public double PageRankWeight { get; set; } = 0.4;

    /// <summary>Weight of change-event correlation in the candidate score.</summary>
    [Range(0.0, 1.0, ErrorMessage = "RootCause:ChangeWeight must be between 0 and 1.")]
    public double ChangeWeight { get; set; } = 0.2;

    /// <summary>PageRank damping factor (probability of following an edge rather than teleporting).</summary>
    [Range(0.01, 0.99, ErrorMessage = "RootCause:PageRankDamping must be between 0.01 and 0.99.")]
    public double PageRankDamping { get; set; } = 0.85;

    public TimeSpan IncidentGap => TimeSpan.FromSeconds(IncidentGapSeconds);

    public TimeSpan MaxIncidentDuration => TimeSpan.FromSeconds(MaxIncidentSeconds);

    public TimeSpan ChangeWindow => TimeSpan.FromSeconds(ChangeWindowSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OnsetWeight + PageRankWeight + ChangeWeight <= 0)
        {
            yield return new ValidationResult(
                "RootCause:OnsetWeight, RootCause:PageRankWeight and RootCause:ChangeWeight must not all be 0.",
                [nameof(OnsetWeight), nameof(PageRankWeight), nameof(ChangeWeight)]);
        }
    }
}
