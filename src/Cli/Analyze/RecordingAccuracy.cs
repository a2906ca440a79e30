using System.Text.Json.Serialization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Root-cause accuracy and pages over one recording of an input that holds several (days an hour or more apart,
/// <see cref="Recordings"/>): which day the ranking does well on, which day pages for nothing.
/// </summary>
/// <param name="First">The recording's first record.</param>
/// <param name="Last">Its last record.</param>
/// <param name="Incidents">Known incidents that start in it.</param>
/// <param name="Detected">Of them, those a raised incident holds.</param>
/// <param name="Paged">Raised incidents to page about that start in it.</param>
/// <param name="PagedFalseAlarms">Of those, the ones with no anomaly inside any known incident's window.</param>
public sealed record RecordingAccuracy(
    DateTime First,
    DateTime Last,
    int Incidents,
    int Detected,
    [property: JsonPropertyName("ac_at_1")] double? AcAt1,
    [property: JsonPropertyName("ac_at_3")] double? AcAt3,
    int Paged,
    int PagedFalseAlarms)
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
                own.Count(static r => r.DetectedIncidentId is not null),
                own.Count == 0 ? null : Math.Round((double)own.Count(static r => r.Rank == 1) / own.Count, 6),
                own.Count == 0 ? null : Math.Round((double)own.Count(static r => r.Rank is <= 3) / own.Count, 6),
                pages.Count,
                falseAlarms(pages));
        })];
    }

    private static int IndexOf(List<(DateTime First, DateTime Last)> spans, DateTime time) =>
        Math.Max(0, spans.FindLastIndex(s => s.First <= time));
}
