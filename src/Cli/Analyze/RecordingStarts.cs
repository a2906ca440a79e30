using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Where a user's telemetry begins a new recording (<see cref="Recordings.Starts"/>): the records (in time order) that
/// follow a pause of <see cref="Recordings.Pause"/> or more without any record, as the second day of two days' exports
/// does, between stretches of an hour or more. Read once,
/// for the segments' cuts (<see cref="QuietCuts"/>) and each recording's scores (<see cref="RecordingAccuracy"/>).
/// </summary>
internal static class RecordingStarts
{
    /// <summary>The index of each record after the first that begins a recording, ascending; empty for a continuous input.</summary>
    public static List<int> Of(IReadOnlyList<TelemetryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ticks = new long[records.Count];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = records[i].Timestamp.Ticks;
        }

        return Recordings.Starts(ticks, Recordings.Pause.Ticks);
    }

    /// <summary>Each recording's first and last record time.</summary>
    public static List<(DateTime First, DateTime Last)> Spans(IReadOnlyList<TelemetryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var spans = new List<(DateTime First, DateTime Last)>();
        var from = 0;
        foreach (var start in Of(records).Append(records.Count))
        {
            if (start > from)
            {
                spans.Add((records[from].Timestamp, records[start - 1].Timestamp));
            }

            from = start;
        }

        return spans;
    }
}
