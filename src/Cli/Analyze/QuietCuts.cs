using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Where <c>analyze</c> cuts a user's telemetry into detection segments when it holds more than one segment's records:
/// each segment ends at the longest pause between two consecutive records in the second half of its allowed length
/// (between half and all of <c>Generator:SegmentRecords</c>; of equal pauses, the latest, so that evenly spread records
/// are cut as before, at the full length). Every segment is judged against its own records, so a cut
/// in the middle of a busy day leaves each half a baseline of part of it, where a cut at a quiet moment (the night, the
/// gap between two days' exports) leaves each segment whole days or hours of its own.
/// </summary>
internal static class QuietCuts
{
    /// <summary>The end (exclusive) of each segment of <paramref name="records"/> (in time order), the last at their count.</summary>
    public static List<long> Of(IReadOnlyList<TelemetryRecord> records, int segmentRecords)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentRecords);
        var ends = new List<long>();
        var start = 0;
        while (records.Count - start > segmentRecords)
        {
            // Cutting before record i leaves the pause between i - 1 and i between the segments.
            var best = start + segmentRecords;
            var longest = TimeSpan.MinValue;
            for (var i = start + Math.Max(1, segmentRecords / 2); i <= start + segmentRecords; i++)
            {
                var pause = records[i].Timestamp - records[i - 1].Timestamp;
                if (pause >= longest)
                {
                    (longest, best) = (pause, i);
                }
            }

            ends.Add(best);
            start = best;
        }

        ends.Add(records.Count);
        return ends;
    }
}
