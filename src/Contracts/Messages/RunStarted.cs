namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// Sent once by the generator when it begins a run, before its first segment: what was asked for, so that the root-cause
/// stage can report on the run (<c>GET /runs/{run_id}</c>) while it is still being generated and detected.
/// </summary>
/// <param name="Records">Records the run will hold.</param>
/// <param name="SegmentCount">Detection segments the run is cut into.</param>
/// <param name="StartedAt">When generation began (UTC, wall clock).</param>
public sealed record RunStarted(
    long Records,
    int Seed,
    double ErrorRate,
    double AnomalyRate,
    int SegmentRecords,
    int SegmentCount,
    DateTime StartedAt) : IntegrationMessage
{
    public override string MessageId => $"{RunId}/run-started";
}
