using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// Computes AC@1 and AC@3 (the RCA literature's "accuracy at k") for detected incidents against ground truth.
/// Each true incident is matched to the detected incident that holds most of its records (ties go to the detected
/// incident with the lower id); AC@k is the fraction of ALL true incidents whose root-cause service is among the
/// matched incident's top k candidates, so an incident that was never detected counts as a miss. With no true
/// incidents both accuracies are null: there is nothing to rank (0 would read as every root cause missed, 1 would
/// flatter an empty run).
/// </summary>
public static class RootCauseEvaluator
{
    public static RootCauseEvaluation Evaluate(
        IReadOnlyList<GroundTruthIncident> truth,
        Func<long, string?> trueIncidentOfRecord,
        IReadOnlyList<IncidentReport> detected,
        Func<long, bool>? isLabelledAnomaly = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(trueIncidentOfRecord);
        ArgumentNullException.ThrowIfNull(detected);
        if (truth.Count == 0)
        {
            return new RootCauseEvaluation(0, 0, null, null) { Relations = Relate(detected, [], isLabelledAnomaly) };
        }

        // true incident id -> (detected incident -> records of the true incident it holds)
        var overlap = new Dictionary<string, Dictionary<IncidentReport, int>>(StringComparer.Ordinal);
        foreach (var incident in detected)
        {
            foreach (var recordId in incident.AnomalyRecordIds)
            {
                var trueId = trueIncidentOfRecord(recordId);
                if (trueId is null)
                {
                    continue;
                }

                if (!overlap.TryGetValue(trueId, out var counts))
                {
                    counts = [];
                    overlap[trueId] = counts;
                }

                counts[incident] = counts.GetValueOrDefault(incident) + 1;
            }
        }

        int matched = 0, hitsAt1 = 0, hitsAt3 = 0;
        var ranks = new List<IncidentRank>(truth.Count);
        foreach (var trueIncident in truth)
        {
            if (!overlap.TryGetValue(trueIncident.IncidentId, out var counts))
            {
                ranks.Add(new IncidentRank(trueIncident.IncidentId, trueIncident.RootCauseService, null, null, trueIncident.FaultType));
                continue;
            }

            var best = BestMatch(counts);
            matched++;
            var trueCandidate = best.Candidates.FirstOrDefault(candidate => string.Equals(candidate.Service, trueIncident.RootCauseService, StringComparison.Ordinal));
            ranks.Add(new IncidentRank(trueIncident.IncidentId, trueIncident.RootCauseService, best.IncidentId, trueCandidate?.Rank,
                trueIncident.FaultType, NullIfEmpty(trueIncident.RootCauseInstance), trueCandidate?.Instance));
            if (IsInTop(best, trueIncident.RootCauseService, 1))
            {
                hitsAt1++;
            }

            if (IsInTop(best, trueIncident.RootCauseService, 3))
            {
                hitsAt3++;
            }
        }

        return new RootCauseEvaluation(truth.Count, matched, (double)hitsAt1 / truth.Count, (double)hitsAt3 / truth.Count)
        {
            // Known incidents that do not all name their instance (a user's incidents.json may not) leave it unscored.
            AcAt1Instance = truth.All(static t => !string.IsNullOrEmpty(t.RootCauseInstance)) ? (double)ranks.Count(static rank => rank.FirstAtInstance) / truth.Count : null,
            PerIncident = ranks,
            Relations = Relate(detected, overlap, isLabelledAnomaly),
        };
    }

    private static IncidentRelations Relate(
        IReadOnlyList<IncidentReport> detected, Dictionary<string, Dictionary<IncidentReport, int>> overlap, Func<long, bool>? isLabelledAnomaly)
    {
        // The overlap already says which detected incidents hold a true incident's records: no second pass over them.
        var overlappingIncidents = overlap.Values.SelectMany(static counts => counts.Keys).ToHashSet();
        int overlapping = 0, isolated = 0, falseAlarms = 0;
        foreach (var incident in detected)
        {
            if (overlappingIncidents.Contains(incident))
            {
                overlapping++;
            }
            else if (isLabelledAnomaly is not null && incident.AnomalyRecordIds.Any(isLabelledAnomaly))
            {
                isolated++;
            }
            else
            {
                falseAlarms++;
            }
        }

        return new IncidentRelations(detected.Count, overlapping, overlap.Values.Count(counts => counts.Count > 1), isolated, falseAlarms);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static IncidentReport BestMatch(Dictionary<IncidentReport, int> counts)
    {
        IncidentReport? best = null;
        var bestCount = 0;
        foreach (var (incident, count) in counts)
        {
            if (best is null || count > bestCount
                || (count == bestCount && string.CompareOrdinal(incident.IncidentId, best.IncidentId) < 0))
            {
                best = incident;
                bestCount = count;
            }
        }

        return best!;
    }

    private static bool IsInTop(IncidentReport incident, string service, int k)
    {
        foreach (var candidate in incident.Candidates)
        {
            if (candidate.Rank <= k && string.Equals(candidate.Service, service, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
