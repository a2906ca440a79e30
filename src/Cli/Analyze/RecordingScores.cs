using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>Root-cause accuracy and pages per recording of a user's telemetry (<see cref="RecordingAccuracy"/>).</summary>
internal static class RecordingScores
{
    /// <summary>
    /// One entry per recording of <paramref name="records"/> (in time order), none for a continuous input. A known
    /// incident, and a raised one, belongs to the recording its start lies in (or the last that began before it).
    /// </summary>
    public static IReadOnlyList<RecordingAccuracy> Of(
        IReadOnlyList<TelemetryRecord> records,
        IReadOnlyList<GroundTruthIncident> truth,
        IReadOnlyList<IncidentRank> ranks,
        IReadOnlyList<IncidentReport> paged,
        Func<IReadOnlyList<IncidentReport>, int> falseAlarms)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(ranks);
        ArgumentNullException.ThrowIfNull(paged);
        ArgumentNullException.ThrowIfNull(falseAlarms);
        var spans = RecordingStarts.Spans(records);
        if (spans.Count < 2)
        {
            return [];
        }

        var startOf = truth.ToDictionary(static t => t.IncidentId, static t => t.Start, StringComparer.Ordinal);
        return [.. spans.Select((span, index) =>
        {
            var own = ranks.Where(r => startOf.TryGetValue(r.IncidentId, out var start) && IndexOf(spans, start) == index).ToList();
            var pages = paged.Where(p => IndexOf(spans, p.Start) == index).ToList();
            return new RecordingAccuracy(
                span.First,
                span.Last,
                own.Count,
                RankAccuracy.Detected(own),
                RankAccuracy.AtOne(own),
                RankAccuracy.AtThree(own),
                pages.Count,
                falseAlarms(pages));
        })];
    }

    private static int IndexOf(List<(DateTime First, DateTime Last)> spans, DateTime time) =>
        Math.Max(0, spans.FindLastIndex(s => s.First <= time));
}
