using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Tests.Messaging;

/// <summary>Telemetry segments cut from a scenario the way the generator cuts a run.</summary>
internal static class TestSegments
{
    /// <summary>The whole run as one segment, as the generator sends a run no longer than one segment.</summary>
    public static TelemetrySegment Whole(string runId, IReadOnlyList<TelemetryRecord> records) =>
        new(0, 1, records.Count, 0, 0, records) { RunId = runId };

    /// <summary>Segments of <paramref name="size"/> own records, each with up to <paramref name="context"/> records either side.</summary>
    public static List<TelemetrySegment> Split(string runId, IReadOnlyList<TelemetryRecord> records, int size, int context)
    {
        var count = (records.Count + size - 1) / size;
        var segments = new List<TelemetrySegment>(count);
        for (var index = 0; index < count; index++)
        {
            var start = index * size;
            var end = Math.Min(records.Count, start + size);
            var leading = Math.Min(context, start);
            var trailing = Math.Min(context, records.Count - end);
            var slice = records.Skip(start - leading).Take(end - start + leading + trailing).ToArray();
            segments.Add(new TelemetrySegment(index, count, records.Count, leading, trailing, slice) { RunId = runId });
        }

        return segments;
    }
}
