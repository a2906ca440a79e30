using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// A contiguous slice of a run's records, in record-id order, from the generator to whichever detector instance takes
/// it: the unit of detection work, analysed alone, so that detectors can compete for segments. <see cref="Records"/>
/// holds the segment's own records with up to <see cref="LeadingContext"/> earlier and <see cref="TrailingContext"/>
/// later records around them, which the detector reads (trace parents, baselines, counting windows) but does not report.
/// </summary>
/// <param name="Index">0-based segment number within the run.</param>
/// <param name="SegmentCount">How many segments make up the run.</param>
/// <param name="RunRecords">Records in the whole run.</param>
/// <param name="LeadingContext">Records at the start of <paramref name="Records"/> that belong to the previous segment.</param>
/// <param name="TrailingContext">Records at the end of <paramref name="Records"/> that belong to the next segment.</param>
public sealed record TelemetrySegment(
    int Index,
    int SegmentCount,
    long RunRecords,
    int LeadingContext,
    int TrailingContext,
    IReadOnlyList<TelemetryRecord> Records) : IntegrationMessage
{
    /// <summary>Records the segment reports on: all of <see cref="Records"/> but the context at either end.</summary>
    public int OwnRecords => Records.Count - LeadingContext - TrailingContext;

    public override string MessageId => $"{RunId}/segment/{Index}";
}
