using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Messaging;

/// <summary>
/// What of a segment's <see cref="DetectionCompleted"/> is kept once it has been taken in: its counts, models, edges and
/// change events, not its behaviour lists (log-template counts, metric peaks, call patterns, call transits, operation
/// calls), which a long run's segments carry by the million and <see cref="Spill.BehaviourSpill"/> keeps on disk.
/// </summary>
internal static class RetainedCompletion
{
    public static DetectionCompleted Of(DetectionCompleted completed) =>
        completed with { Behaviour = [], MetricPeaks = [], CallPatterns = [], CallPatternOutlines = [], CallTransits = [], LogHandovers = [], OperationEdges = [] };
}
