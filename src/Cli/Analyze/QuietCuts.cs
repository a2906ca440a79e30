using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Where <c>analyze</c> cuts a user's telemetry into detection segments. A pause of <see cref="Recordings.Pause"/> or
/// more between two records (two days' exports in one input) always ends a segment, as a break: each recording is
/// detected on its own, with no context from the other, as it would be alone. A recording longer than
/// <c>Generator:SegmentRecords</c> is cut at the longest pause between two consecutive records in the second half of
/// each segment's allowed length (between half and all of it; of equal pauses, the latest, so that evenly spread records
/// are cut as before, at the full length). Every segment is judged against its own records, so a cut in the middle of
/// a busy day leaves each half a baseline of part of it, where a cut at a quiet moment (the night) leaves each segment
/// whole hours of its own.
/// </summary>
internal static class QuietCuts
{
    /// <summary>The end (exclusive) of each segment of <paramref name="records"/> (in time order), the last at their count, and which of those ends are breaks between recordings.</summary>
    public static (List<long> Ends, List<long> Breaks) Of(IReadOnlyList<TelemetryRecord> records, int segmentRecords)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentRecords);
        var ends = new List<long>();
        var breaks = new List<long>();
        var recordings = RecordingStarts.Of(records);
        var start = 0;
        while (start < records.Count)
        {
            var limit = (int)Math.Min(records.Count, (long)start + segmentRecords);
            // Cutting before record i leaves the pause between i - 1 and i between the segments.
            // A new recording within reach ends the segment there.
            if (recordings.Find(i => i > start && i <= limit) is > 0 and var cut)
            {
                ends.Add(cut);
                breaks.Add(cut);
                start = cut;
                continue;
            }

            if (limit == records.Count)
            {
                break;
            }

            var best = limit;
            var longest = TimeSpan.MinValue;
            for (var i = start + Math.Max(1, segmentRecords / 2); i <= limit; i++)
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
        return (ends, breaks);
    }
}
