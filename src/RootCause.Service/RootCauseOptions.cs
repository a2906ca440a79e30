using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.RootCause;

/// <summary>How anomalies are grouped into incidents and how candidates are ranked. Bound from the <c>RootCause</c> section.</summary>
public sealed class RootCauseOptions : IValidatableObject
{
    public const string SectionName = "RootCause";

    /// <summary>
    /// Anomalies further apart than this (in seconds) never join the same incident (default 180). Symptoms of one fault
    /// arrive at least once a minute (metrics are per minute) while it lasts; injected incidents are ten minutes or more
    /// apart, so three minutes joins the first and separates the second.
    /// </summary>
    [Range(1, 86_400, ErrorMessage = "RootCause:IncidentGapSeconds must be between 1 and 86400.")]
    public int IncidentGapSeconds { get; set; } = 180;

    /// <summary>
    /// An incident stops growing once it spans this many seconds (default 600), so that point anomalies and detector
    /// noise between incidents cannot chain them together. The longest injected fault (a memory leak, up to eight
    /// one-minute intervals) and its spread to callers fit in ten minutes.
    /// </summary>
    [Range(60, 604_800, ErrorMessage = "RootCause:MaxIncidentSeconds must be between 60 and 604800.")]
    public int MaxIncidentSeconds { get; set; } = 600;

    /// <summary>
    /// Two services belong to one incident when at most this many call-graph edges separate them, in either direction
    /// (1..10, default 1: caller or callee). 2 also joins siblings whose common caller shows nothing (orphans at the
    /// callees of a service that lost its spans), but in a small estate it joins nearly everything; on seeds 1, 2 and
    /// 42 at 100k records 1 ranked as well and kept more incidents apart, and orphan blame still names the lost caller.
    /// </summary>
    [Range(1, 10, ErrorMessage = "RootCause:MaxGraphHops must be between 1 and 10.")]
    public int MaxGraphHops { get; set; } = 1;

    /// <summary>
    /// Within one service instance and signal family, strong anomalies at most this many seconds apart form one episode (default 90: per-minute
    /// metrics of a lasting fault arrive every 60 s).
    /// </summary>
    [Range(1, 3_600, ErrorMessage = "RootCause:EpisodeGapSeconds must be between 1 and 3600.")]
    public int EpisodeGapSeconds { get; set; } = 90;

    /// <summary>
    /// The episode gap after a log line (1..3600 seconds, default 45). A failing instance writes error lines with the
    /// requests that fail, seconds apart, for as long as the fault lasts, while point bursts are seconds long; at 90 s
    /// separate bursts that happened to hit one instance chained into a sustained episode. 45 to 60 s ranked equally
    /// well on seeds 1, 2, 42, 7 and 11 at 100k records and on held-out seeds 3, 5 and 13; 45 did better at 1M.
    /// </summary>
    [Range(1, 3_600, ErrorMessage = "RootCause:LogEpisodeGapSeconds must be between 1 and 3600.")]
    public int LogEpisodeGapSeconds { get; set; } = 45;

    /// <summary>
    /// An episode (one instance, one signal family) must last at least this many seconds to shape incidents (default 45;
    /// 0 = every strong anomaly does). A point anomaly lasts seconds (an error burst about 10 s, an event flood about
    /// 30 s) while a fault repeats its symptom for minutes; 45 s keeps a fault's first minute and drops the points, which
    /// still join the incident around them but cannot chain incidents together nor mark a service's onset.
    /// </summary>
    [Range(0, 86_400, ErrorMessage = "RootCause:MinEpisodeSeconds must be between 0 and 86400.")]
    public int MinEpisodeSeconds { get; set; } = 45;

    /// <summary>Strong anomalies an episode needs to shape incidents (1..1000, default 4), on top of its length.</summary>
    [Range(1, 1_000, ErrorMessage = "RootCause:MinEpisodeAnomalies must be between 1 and 1000.")]
    public int MinEpisodeAnomalies { get; set; } = 4;

    /// <summary>
    /// Weight of an isolated anomaly's confidence in its service's anomaly mass, relative to a supported one (0..1,
    /// default 0): stray points and detector noise join an incident (so no anomaly is lost) but do not move its
    /// ranking; with a noisy detector even a small weight let a busy leaf service outrank the root.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "RootCause:IsolatedWeight must be between 0 and 1.")]
    public double IsolatedWeight { get; set; } = 0;

    /// <summary>Ranked candidates kept per incident.</summary>
    [Range(1, 20, ErrorMessage = "RootCause:MaxCandidates must be between 1 and 20.")]
    public int MaxCandidates { get; set; } = 5;

    /// <summary>A change event (deploy, config change, ...) at most this many seconds before an incident counts as evidence.</summary>
    [Range(0, 86_400, ErrorMessage = "RootCause:ChangeWindowSeconds must be between 0 and 86400.")]
    public int ChangeWindowSeconds { get; set; } = 900;

    /// <summary>
    /// A callee of a failing service with no anomaly of its own becomes a candidate when it had a deploy or config change
    /// at most this many seconds before the incident start (0..3600, default 120; it never reaches past
    /// ChangeWindowSeconds). A bad deploy fails calls at once, so its deploy is seconds from the first symptoms; a short
    /// lead keeps routine deploys at neighbours from posing as the root.
    /// </summary>
    [Range(0, 3_600, ErrorMessage = "RootCause:ChangedNeighbourLeadSeconds must be between 0 and 3600.")]
    public int ChangedNeighbourLeadSeconds { get; set; } = 120;

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

    /// <summary>
    /// Weight of behaviour shift in the candidate score (<see cref="Ranking.BehaviourShift"/>: how far a service's log
    /// templates in the incident's minutes depart from the rest of the run, beyond chance, 0..1). Full weight: it is the
    /// one term measured against its own chance level, so it only counts when the logs decisively changed.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "RootCause:BehaviourWeight must be between 0 and 1.")]
    public double BehaviourWeight { get; set; } = 1.0;

    /// <summary>PageRank damping factor (probability of following an edge rather than teleporting).</summary>
    [Range(0.01, 0.99, ErrorMessage = "RootCause:PageRankDamping must be between 0.01 and 0.99.")]
    public double PageRankDamping { get; set; } = 0.85;

    /// <summary>
    /// Ensemble confidence an anomaly needs to shape incidents and mark onsets (0..1, default 0.6). Anomalies just over
    /// the detector's decision threshold are where its false positives gather; they still join the incident around
    /// them, like isolated anomalies, but cannot chain incidents together.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "RootCause:StrongConfidence must be between 0 and 1.")]
    public double StrongConfidence { get; set; } = 0.6;

    public TimeSpan IncidentGap => TimeSpan.FromSeconds(IncidentGapSeconds);

    public TimeSpan MaxIncidentDuration => TimeSpan.FromSeconds(MaxIncidentSeconds);

    public TimeSpan ChangeWindow => TimeSpan.FromSeconds(ChangeWindowSeconds);

    public TimeSpan ChangedNeighbourLead => TimeSpan.FromSeconds(ChangedNeighbourLeadSeconds);

    public TimeSpan EpisodeGap => TimeSpan.FromSeconds(EpisodeGapSeconds);

    public TimeSpan LogEpisodeGap => TimeSpan.FromSeconds(LogEpisodeGapSeconds);

    public TimeSpan MinEpisode => TimeSpan.FromSeconds(MinEpisodeSeconds);

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
