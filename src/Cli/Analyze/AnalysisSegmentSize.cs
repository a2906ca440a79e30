using AnomalyPlatform.Generator;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// How many records <c>analyze</c> puts in one detection segment. A segment is judged against itself: each model is
/// fitted on its records, and a change is measured against the rest of them. A continuous recording cut in two is two
/// baselines of half a day each (the shared Train Ticket day with four more metrics per pod, 1.06 million records,
/// scored AC@1 0.571 in two segments and 0.750 in one), so a recording is one segment for as long as half the memory
/// the process may use holds it: detection's peak is about a kilobyte a record (1.24 GB at 1.26 million), counted here
/// as <see cref="BytesPerRecord"/>. A <c>Generator:SegmentRecords</c> set in the configuration is taken as it is.
/// </summary>
internal static class AnalysisSegmentSize
{
    /// <summary>Twice the peak measured per record, for what the measured inputs did not hold (long log lines).</summary>
    public const long BytesPerRecord = 2048;

    /// <param name="configured">Generator:SegmentRecords where the configuration sets it, else null.</param>
    /// <param name="availableBytes">
    /// The memory the process may use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, a container's limit where
    /// there is one); 0 where the runtime cannot tell, which gives the floor.
    /// </param>
    public static int Of(int? configured, long availableBytes)
    {
        if (configured is { } records)
        {
            return records;
        }

        var fits = availableBytes / 2 / BytesPerRecord;
        return (int)Math.Clamp(fits, new GeneratorOptions().SegmentRecords, GeneratorOptions.MaxSegmentRecords);
    }
}
