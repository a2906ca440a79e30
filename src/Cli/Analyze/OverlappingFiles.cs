using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Records that exports overlapping in time both hold, read once. An export of the last four hours taken at ten and
/// another at noon share two hours; read as they are, every record of those hours would count twice: each rate
/// doubled, each incident twice as large. A record is held twice when another file holds one alike in every field but
/// its id, of the same kind and service and within that file's time for them. Of records alike, as many are kept as
/// the one file holding most of them holds: a busy pod may write the same line twice in a millisecond, and each
/// export then holds both. Files whose times do not overlap for a kind and service (rotated files, one file a signal,
/// a log group a service) are not compared, and cost nothing.
/// </summary>
internal static class OverlappingFiles
{
    /// <param name="Records">Records left out, each alike to one kept.</param>
    /// <param name="Files">The files that held them, as named.</param>
    internal sealed record Outcome(long Records, IReadOnlyList<string> Files)
    {
        public static Outcome None { get; } = new(0, []);
    }

    /// <summary>The records one file read: <c>records[From..To]</c>.</summary>
    internal readonly record struct FileRecords(string File, int From, int To);

    /// <summary>Leaves out of <paramref name="records"/> the records another file holds as well, in place; the order of the rest is kept.</summary>
    public static Outcome LeaveOutTwice(List<TelemetryRecord> records, IReadOnlyList<FileRecords> files)
    {
        if (files.Count < 2)
        {
            return Outcome.None;
        }

        // Per kind and service, each file's first and last time.
        var times = new Dictionary<(TelemetryKind Kind, string Service), List<(int File, DateTime First, DateTime Last)>>();
        for (var f = 0; f < files.Count; f++)
        {
            var ranges = new Dictionary<(TelemetryKind, string), (DateTime First, DateTime Last)>();
            for (var i = files[f].From; i < files[f].To; i++)
            {
                var (key, time) = ((records[i].Kind, records[i].Service), records[i].Timestamp);
                ranges[key] = ranges.TryGetValue(key, out var range) ? (Min(range.First, time), Max(range.Last, time)) : (time, time);
            }

            foreach (var (key, range) in ranges)
            {
                if (!times.TryGetValue(key, out var list))
                {
                    times[key] = list = [];
                }

                list.Add((f, range.First, range.Last));
            }
        }

        if (!times.Values.Any(static list => list.Count > 1 && Overlap(list)))
        {
            return Outcome.None;
        }

        // Per record alike (its id aside), how many each file holds, and where each is in the input.
        var alike = new Dictionary<TelemetryRecord, Dictionary<int, List<int>>>();
        for (var f = 0; f < files.Count; f++)
        {
            for (var i = files[f].From; i < files[f].To; i++)
            {
                var record = records[i];
                if (times[(record.Kind, record.Service)] is { Count: > 1 } others && WithinAnother(others, f, record.Timestamp))
                {
                    var key = record with { RecordId = -1 };
                    if (!alike.TryGetValue(key, out var byFile))
                    {
                        alike[key] = byFile = [];
                    }

                    if (!byFile.TryGetValue(f, out var at))
                    {
                        byFile[f] = at = [];
                    }

                    at.Add(i);
                }
            }
        }

        var leftOut = new HashSet<int>();
        var fromFiles = new SortedSet<int>();
        foreach (var byFile in alike.Values)
        {
            if (byFile.Count < 2)
            {
                continue;
            }

            var kept = byFile.Values.Max(static at => at.Count);
            var twice = byFile.Values.SelectMany(static at => at).Order().Skip(kept).ToList();
            if (twice.Count > 0)
            {
                leftOut.UnionWith(twice);
                fromFiles.UnionWith(byFile.Keys);
            }
        }

        if (leftOut.Count == 0)
        {
            return Outcome.None;
        }

        var remaining = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (!leftOut.Contains(i))
            {
                records[remaining++] = records[i];
            }
        }

        records.RemoveRange(remaining, records.Count - remaining);
        return new Outcome(leftOut.Count, [.. fromFiles.Select(f => files[f].File)]);
    }

    private static bool Overlap(List<(int File, DateTime First, DateTime Last)> ranges)
    {
        for (var a = 0; a < ranges.Count; a++)
        {
            for (var b = a + 1; b < ranges.Count; b++)
            {
                if (ranges[a].First <= ranges[b].Last && ranges[b].First <= ranges[a].Last)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool WithinAnother(List<(int File, DateTime First, DateTime Last)> ranges, int file, DateTime time)
    {
        foreach (var (other, first, last) in ranges)
        {
            if (other != file && first <= time && time <= last)
            {
                return true;
            }
        }

        return false;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
