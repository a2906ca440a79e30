using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Real telemetry has no per-record labels, only the known incidents' windows: a record belongs to the incident whose
/// window (start to end) holds its timestamp, the earliest-starting one when windows overlap.
/// </summary>
internal sealed class IncidentWindows(IReadOnlyList<GroundTruthIncident> incidents, IReadOnlyList<TelemetryRecord> records, bool idsArePositions)
{
    private readonly GroundTruthIncident[] _byStart = [.. incidents.OrderBy(incident => incident.Start)];

    /// <summary>The true incident of <paramref name="recordId"/>, or null when its time lies in no window.</summary>
    public string? IncidentOf(long recordId)
    {
        var record = Find(recordId);
        if (record is null)
        {
            return null;
        }

        foreach (var incident in _byStart)
        {
            if (incident.Start > record.Timestamp)
            {
                break;
            }

            if (record.Timestamp <= incident.End)
            {
                return incident.IncidentId;
            }
        }

        return null;
    }

    private TelemetryRecord? Find(long recordId)
    {
        if (idsArePositions)
        {
            return recordId >= 0 && recordId < records.Count ? records[(int)recordId] : null;
        }

        // Input ids ascend with time: a binary search finds one.
        int low = 0, high = records.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var id = records[middle].RecordId;
            if (id == recordId)
            {
                return records[middle];
            }

            if (id < recordId)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }
}
